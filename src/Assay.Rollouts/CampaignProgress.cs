namespace Assay.Rollouts;

/// <summary>Where a running campaign stands.</summary>
/// <param name="Done">Rollouts archived so far, including those archived by earlier runs of the campaign.</param>
/// <param name="Total">Rollouts planned: problems × N.</param>
/// <param name="RolloutsPerSecond">Rollouts scored per second by this run.</param>
/// <param name="Passed">Rollouts passed so far (this run).</param>
/// <param name="Scored">Rollouts scored by this run, infrastructure failures excluded: the pass rate's denominator.</param>
/// <param name="InfrastructureFailures">Rollouts of this run that failed for infrastructure reasons.</param>
/// <param name="PromptTokens">Prompt tokens billed to this run.</param>
/// <param name="CompletionTokens">Completion tokens billed to this run.</param>
/// <param name="Cost">US dollars spent by this run.</param>
/// <param name="Eta">Time left at the current rate, when known.</param>
/// <param name="Concurrency">Requests in flight allowed now by the adaptive limit.</param>
public sealed record CampaignProgress(
    int Done,
    int Total,
    double RolloutsPerSecond,
    int Passed,
    int Scored,
    int InfrastructureFailures,
    long PromptTokens,
    long CompletionTokens,
    decimal Cost,
    TimeSpan? Eta,
    int Concurrency)
{
    /// <summary>Passed / scored, or 0 before anything is scored.</summary>
    public double PassRate => Scored == 0 ? 0 : (double)Passed / Scored;
}
