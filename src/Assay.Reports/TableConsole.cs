using Spectre.Console;

namespace Assay.Reports;

/// <summary>The console that tables are written to: colours only on a terminal, and wide enough for a file or a pipe.</summary>
public static class TableConsole
{
    /// <summary>A console writing to <paramref name="output"/>.</summary>
    public static IAnsiConsole For(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (output != Console.Out || Console.IsOutputRedirected)
        {
            // A file or pipe has no width to detect (Spectre assumes 80, which folds every cell of the
            // pass@k table); wide enough that nothing wraps.
            console.Profile.Width = 200;
        }

        return console;
    }
}
