using System.CommandLine;
using System.Globalization;

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

    /// <summary>A new <c>--unsafe-no-sandbox</c> option, for a verb that runs candidates' code
    /// (<see cref="Verification.SandboxOptions.UnsafeNoSandbox"/>).</summary>
    public static Option<bool> UnsafeNoSandbox() => new("--unsafe-no-sandbox")
    {
        Description = "Where no namespace can be made, run candidates' code anyway with rlimits and a process group only "
            + "(isolation process_only, recorded in every verdict). Only for code you trust",
    };

    /// <summary>A new <c>--allow-other-tables</c> option, for a verb that creates Assay's tables
    /// (<see cref="Archive.ArchiveOpenOptions.AllowOtherTables"/>).</summary>
    public static Option<bool> AllowOtherTables() => new("--allow-other-tables")
    {
        Description = "Create Assay's tables in a database that already holds other tables (refused otherwise: a mistaken --db "
            + "must not turn someone's database into an archive)",
    };

    /// <summary>Parses the comma-separated k of <c>-k 1,10,100</c>.</summary>
    public static int[] ParseKs(string text)
    {
        var ks = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1)
            {
                throw new UserInputException($"-k '{text}': '{part}' is not a positive integer");
            }

            ks.Add(k);
        }

        return ks.Count > 0 ? [.. ks] : throw new UserInputException("-k: give at least one k");
    }
}
