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
internal sealed record CampaignSummary(Campaign Campaign, int? Planned, int Archived, int InfrastructureFailures, int Refused, decimal Cost)
{
    /// <summary>Derived from the archive, not stored: <c>refused</c> when the service refused a request,
    /// <c>completed</c> when every planned slot has a rollout that counts, else <c>incomplete</c> (a resume finishes it).</summary>
    public string Status => Refused > 0 ? "refused" : Planned is { } planned && Archived >= planned ? "completed" : "incomplete";

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

    /// <summary>Reads the summary of <paramref name="campaign"/> from <paramref name="archive"/>.</summary>
    public static async Task<CampaignSummary> ReadAsync(IRolloutArchive archive, Campaign campaign, CancellationToken cancellationToken)
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

        return new CampaignSummary(campaign, PlannedSlots(campaign), archived, infrastructure, refused, cost);
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
