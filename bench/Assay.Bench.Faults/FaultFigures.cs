namespace Assay.Bench.Faults;

/// <summary>What one fault did to a campaign.</summary>
/// <param name="Scenario">The fault.</param>
/// <param name="ExitCodes">The exit code of each <c>assay run</c>, in order.</param>
/// <param name="Answered">Rollout requests the service answered over the runs counted.</param>
/// <param name="Archived">Rollouts those runs left in the archive.</param>
/// <param name="AnsweredTwice">Of the answered, requests for a (prompt, seed) already answered before: paid twice.</param>
/// <param name="Note">What the run said, or what was seen in the archive.</param>
internal sealed record FaultFigures(string Scenario, string ExitCodes, int Answered, int Archived, int AnsweredTwice, string Note)
{
    public string ToMarkdownRow() =>
        $"| {Scenario} | {ExitCodes} | {Answered} | {Archived} | {Answered - Archived} | {AnsweredTwice} | {Note.Replace('|', '/')} |";

    public const string MarkdownHeader =
        "| fault | exit codes | answered | archived | answered − archived | answered twice | what it said |\n" +
        "| --- | --- | ---: | ---: | ---: | ---: | --- |";
}
