using System.Globalization;
using Assay.Archive;
using Assay.Core;
using Assay.Suites;

namespace Assay.Cli;

/// <summary>One line of <c>assay campaigns</c>: a campaign and what its archive holds.</summary>
/// <param name="Campaign">The campaign as stored.</param>
/// <param name="Planned">Slots it plans (its problems, after --problems and --limit, × N), or null when its suite cannot be read here any more.</param>
/// <param name="Archived">Slots with an attempt that counts (not an infrastructure failure).</param>
/// <param name="InfrastructureFailures">Slots whose every attempt so far was an infrastructure failure.</param>
/// <param name="Refused">Slots the service refused.</param>
/// <param name="Cost">US dollars spent by every attempt of every run of it.</param>
/// <param name="State">What its latest run recorded (migration 7), or null for a campaign run before.</param>
/// <param name="Owner">The process holding its lease now, or null.</param>
internal sealed record CampaignSummary(
    Campaign Campaign, int? Planned, int Archived, int InfrastructureFailures, int Refused, decimal Cost, CampaignState? State = null, CampaignLeaseHolder? Owner = null)
{
    /// <summary>
    /// <c>running</c> while a process holds its lease; <c>completed</c>; <c>stopped</c> (<see cref="StopReason"/> says
    /// why; a resume finishes it). A run that recorded <c>running</c> and whose process is gone without a word (killed)
    /// reads as stopped, reason <c>no-heartbeat</c>. For campaigns run before states were recorded, derived from the
    /// rollouts: <c>refused</c>, <c>completed</c> when every planned slot has a rollout that counts, else <c>incomplete</c>.
    /// </summary>
    public string Status => State switch
    {
        null => Refused > 0 ? "refused" : Planned is { } planned && Archived >= planned ? "completed" : "incomplete",
        { Status: CampaignState.Running } when Owner is null || !CampaignLease.IsAlive(Owner) => CampaignState.Stopped,
        _ => State.Status,
    };

    /// <summary>Why a stopped campaign stopped, or null.</summary>
    public string? StopReason => Status == CampaignState.Stopped ? (State!.Status == CampaignState.Running ? "no-heartbeat" : State.Reason) : null;

    /// <summary>The status as the table shows it: <c>stopped (budget)</c>, <c>running (host H, pid P)</c>.</summary>
    public string StatusText => StopReason is { } reason ? $"{Status} ({reason})"
        : Status == CampaignState.Running && Owner is not null ? $"running (host {Owner.Host}, pid {Owner.Pid})"
        : Status;

    /// <summary>The sampling settings in the words of <c>assay run</c>'s flags.</summary>
    public string Settings
    {
        get
        {
            var s = Campaign.Settings;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"n={Campaign.SamplesPerProblem} temperature={s.Temperature} top_p={s.TopP} max_tokens={s.MaxTokens}");
            text += s.Seed is { } seed ? string.Create(CultureInfo.InvariantCulture, $" seed={seed}") : "";
            text += s.TopLogprobs is { } k ? string.Create(CultureInfo.InvariantCulture, $" logprobs={k}") : "";
            text += Campaign.EffectiveProblems.Pattern is { } pattern ? $" problems={pattern}" : "";
            return text + (Campaign.EffectiveProblems.Limit is { } limit ? string.Create(CultureInfo.InvariantCulture, $" limit={limit}") : "");
        }
    }

    /// <summary>Reads the summary of <paramref name="campaign"/> from <paramref name="archive"/>, with its recorded state and
    /// lease holder if any.</summary>
    public static async Task<CampaignSummary> ReadAsync(
        IRolloutArchive archive, Campaign campaign, CampaignState? state, CampaignLeaseHolder? owner, CancellationToken cancellationToken)
    {
        int archived = 0, infrastructure = 0, refused = 0;
        await foreach (var rollout in archive.ReadRolloutsAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            switch (rollout.Verdict.Status)
            {
                case VerdictStatus.Infrastructure: infrastructure++; break;
                case VerdictStatus.Refused: refused++; archived++; break;
                default: archived++; break;
            }
        }

        var cost = 0m;
        await foreach (var attempt in archive.ReadAllAttemptsAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            cost += attempt.Cost;
        }

        return new CampaignSummary(campaign, state?.Planned ?? PlannedSlots(campaign), archived, infrastructure, refused, cost, state, owner);
    }

    // A suite file that was moved or deleted since leaves the plan unknown, not the listing broken.
    private static int? PlannedSlots(Campaign campaign)
    {
        try
        {
            return campaign.EffectiveProblems.Select(SuiteCatalog.Resolve(campaign.Suite)).Count * campaign.SamplesPerProblem;
        }
        catch (Exception ex) when (ex is SuiteFormatException or IOException)
        {
            return null;
        }
    }
}
