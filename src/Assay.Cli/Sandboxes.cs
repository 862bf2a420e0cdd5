using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>Starts the Python sandbox for a verb, printing its one loud warning when namespaces are unavailable.</summary>
internal static class Sandboxes
{
    public static Task<PythonSandbox> StartAsync(int workers, CancellationToken cancellationToken)
    {
        if (workers < 1)
        {
            throw new UserInputException($"--workers {workers}: must be at least 1");
        }

        var options = new SandboxOptions
        {
            Workers = workers,
            Warn = message => AnsiConsole.Console.MarkupLine($"[bold red]WARNING:[/] {Markup.Escape(message)}"),
        };
        return PythonSandbox.StartAsync(options, cancellationToken);
    }
}
