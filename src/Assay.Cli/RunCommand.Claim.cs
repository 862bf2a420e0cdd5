using System.CommandLine;
using Assay.Archive;
using Assay.Core;
using Assay.Rollouts;

namespace Assay.Cli;

internal static partial class RunCommand
{
    /// <summary>
    /// The start every run shares, on one machine or a cluster: the campaign planned from the flags (or read for
    /// <c>--resume</c>), its lease taken (a second process is refused, exit 7), a token that stops when the run is
    /// interrupted or the lease is lost, the model parsed, the problems resolved and the budget settled.
    /// </summary>
    private static async Task<ClaimedCampaign> ClaimAsync(ParseResult parse, IRolloutArchive archive, CancellationToken cancellationToken)
    {
        var campaign = await PlanAsync(parse, archive, cancellationToken).ConfigureAwait(false);
        var lease = await CampaignLease.AcquireAsync(archive, campaign.Id, TimeProvider.System, cancellationToken: cancellationToken).ConfigureAwait(false);
        var owned = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            var spec = ParseModel(campaign.Model);
            var problems = ProblemsOf(campaign);
            campaign = await BudgetAsync(parse, archive, campaign, spec, store: true, owned.Token).ConfigureAwait(false);
            return new ClaimedCampaign(campaign, spec, problems, lease, owned);
        }
        catch
        {
            owned.Dispose();
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A campaign this process runs, holding its lease until disposed.</summary>
    private sealed class ClaimedCampaign(Campaign campaign, ModelSpec spec, IReadOnlyList<Problem> problems, CampaignLease lease, CancellationTokenSource owned)
        : IAsyncDisposable
    {
        /// <summary>The campaign, its budget settled.</summary>
        public Campaign Campaign => campaign;

        public ModelSpec Spec => spec;

        public IReadOnlyList<Problem> Problems => problems;

        public CampaignLease Lease => lease;

        /// <summary>Stops when the run is interrupted or the lease is lost.</summary>
        public CancellationToken Token => owned.Token;

        public async ValueTask DisposeAsync()
        {
            owned.Dispose();
            await lease.DisposeAsync().ConfigureAwait(false);
        }
    }
}
