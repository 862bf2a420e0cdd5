using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>Starts the Python sandbox for a verb, printing its one loud warning when isolation is weaker than full.</summary>
internal static class Sandboxes
{
    // Warnings go to standard error, so that a verb's output (reverify --format json) stays what it says it is.
    private static readonly IAnsiConsole Warnings = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Starts <paramref name="workers"/> workers. Without <paramref name="unsafeNoSandbox"/> a machine where no
    /// namespace can be made throws <see cref="SandboxUnavailableException"/>, which <see cref="CliErrors"/> prints as
    /// one line.</summary>
    public static Task<PythonSandbox> StartAsync(int workers, bool unsafeNoSandbox, CancellationToken cancellationToken)
    {
        if (workers < 1)
        {
            throw new UserInputException($"--workers {workers}: must be at least 1");
        }

        var options = new SandboxOptions
        {
            Workers = workers,
            UnsafeNoSandbox = unsafeNoSandbox,
            Warn = message => Warnings.MarkupLine($"[bold red]WARNING:[/] {Markup.Escape(message)}"),
        };
        return PythonSandbox.StartAsync(options, cancellationToken);
    }
}
