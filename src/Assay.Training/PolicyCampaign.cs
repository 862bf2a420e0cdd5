using Assay.Archive;
using Assay.Core;
using Assay.Nano;
using Assay.Rollouts;
using Assay.Verification;

namespace Assay.Training;

/// <summary>
/// Samples a nano policy as a campaign: every rollout is verified and archived by the campaign engine, so a stopped run
/// resumes its campaign where it was (the same id asks only the slots not yet settled) and the rollouts stay in the
/// archive for reports, publishing and distillation.
/// </summary>
public static class PolicyCampaign
{
    /// <summary>Runs (or resumes) the campaign and returns every rollout that counts for its slots.</summary>
    /// <exception cref="OperationCanceledException">Stopped before every slot was settled; what was scored is archived.</exception>
    public static async Task<IReadOnlyList<Rollout>> RunAsync(
        IRolloutArchive archive,
        IVerifier verifier,
        NanoModel policy,
        Campaign campaign,
        IReadOnlyList<Problem> problems,
        TimeProvider time,
        IProgress<RunProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(campaign);
        var options = PolicyOptions.For(campaign) with { MaxConcurrency = 2 * Environment.ProcessorCount };
        using var client = PolicyPipeline.Build(new NanoChatClient(policy, campaign.Model), options, time, new Random(campaign.Settings.Seed ?? 0));
        var runner = new CampaignRunner(client, verifier, archive, time);
        var report = progress is null ? null : new Progress(p => progress.Report(new RunProgress($"rollouts {campaign.Id}", p.Done, p.Total)));
        var result = await runner.RunAsync(campaign, problems, new CampaignRunOptions { Workers = options.MaxConcurrency }, report, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.StopReason != CampaignStopReason.Completed)
            throw new InvalidOperationException($"Campaign {campaign.Id} stopped before it was complete: {result.StopReason}.");
        var rollouts = new List<Rollout>();
        await foreach (var rollout in archive.ReadRolloutsAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
            rollouts.Add(rollout);
        return rollouts;
    }

    // Forwards straight from the campaign's workers (no synchronisation context to post to).
    private sealed class Progress(Action<CampaignProgress> report) : IProgress<CampaignProgress>
    {
        public void Report(CampaignProgress value) => report(value);
    }
}
