using System.CommandLine;

namespace Assay.Cli;

/// <summary>The root of the <c>assay</c> command line: one subcommand per verb of DESIGN.md, each in its own file.</summary>
internal static class AssayCommand
{
    public static Task<int> RunAsync(string[] args) => CliErrors.InvokeAsync(Create(), args);

    /// <summary>The whole command tree, not yet parsed: what <see cref="RunAsync"/> parses, and what
    /// tests/Assay.Deploy.Tests parses the deployment examples' command lines with.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Assay: roll out, score, archive, serve and train on verifiable tasks.");
        root.Options.Add(CliOptions.Verbose);
        root.Subcommands.Add(SuitesCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(CampaignsCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(ReverifyCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EconomicsCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(SandboxCommand.Create());
        return root;
    }
}
