using System.CommandLine;
using Assay.Core;

namespace Assay.Cli;

/// <summary>
/// <c>--problems PATTERN</c> and <c>--limit N</c>, the one parser of both for every verb that takes them (<c>run</c>,
/// <c>verify</c>): a glob on problem ids, then at most N problems in suite order (<see cref="CampaignProblems"/>).
/// </summary>
internal sealed class ProblemSelection
{
    /// <summary><c>--limit N</c>.</summary>
    public Option<int?> Limit { get; } = new("--limit") { Description = "Only the first N problems of the suite (after --problems)" };

    /// <summary><c>--problems PATTERN</c>.</summary>
    public Option<string?> Pattern { get; } = new("--problems")
    {
        Description = "Only the problems whose id matches this glob (* any characters, ? one), e.g. 'HumanEval/1*'",
    };

    /// <summary>What the user asked for, or null when neither flag was given (every problem).</summary>
    public CampaignProblems? Parse(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var limit = parse.GetValue(Limit);
        if (limit is < 1)
        {
            throw new UserInputException($"--limit {limit}: must be at least 1");
        }

        var pattern = parse.GetValue(Pattern);
        return pattern is null && limit is null ? null : new CampaignProblems(pattern, limit);
    }

    /// <summary>The problems of <paramref name="suite"/> (named <paramref name="suiteName"/>) that
    /// <paramref name="selection"/> keeps; a pattern that matches none is an error naming it.</summary>
    public static IReadOnlyList<Problem> Apply(CampaignProblems selection, IReadOnlyList<Problem> suite, string suiteName)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var problems = selection.Select(suite);
        return problems.Count > 0
            ? problems
            : throw new UserInputException($"--problems {selection.Pattern}: no problem of suite {suiteName} matches");
    }
}
