using System.CommandLine;

namespace Assay.Cli;

/// <summary>The root of the <c>assay</c> command line: one subcommand per verb of DESIGN.md.</summary>
internal static class AssayCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Assay: roll out, score, archive, serve and train on verifiable tasks.");
        var parse = root.Parse(args);
        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
