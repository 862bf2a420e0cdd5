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
