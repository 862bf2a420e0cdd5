using System.CommandLine;

namespace Assay.Cli;

/// <summary>Options shared by every verb.</summary>
internal static class CliOptions
{
    /// <summary>Show stack traces for errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces on errors",
        Recursive = true,
    };
}
