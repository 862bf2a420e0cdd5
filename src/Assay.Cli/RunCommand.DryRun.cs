using System.CommandLine;
using System.Text.Json;
using Assay.Rollouts;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay run --dry-run</c>: the plan and its worst case, with nothing sent and nothing written.</summary>
internal static partial class RunCommand
{
    private static async Task<int> DryRunAsync(ParseResult parse, bool json, CancellationToken cancellationToken)
    {
        // A resume reads what the archive holds; a new campaign needs no archive, so none is created.
        var archive = parse.GetValue(Resume) is null ? null : await Archives.OpenExistingAsync(parse.GetValue(Db)!, cancellationToken).ConfigureAwait(false);
        try
        {
            var campaign = await PlanAsync(parse, archive, cancellationToken).ConfigureAwait(false);
            var spec = ParseModel(campaign.Model);
            var problems = ProblemsOf(campaign);
            campaign = await BudgetAsync(parse, archive, campaign, spec, store: false, cancellationToken).ConfigureAwait(false);
            var budget = campaign.EffectiveBudget;
            var plan = await CampaignRunner.PlanAsync(archive, campaign, problems, cancellationToken).ConfigureAwait(false);
            decimal? worstCase = ModelPrice.Of(budget) is { } price
                ? plan.Sum(p => RolloutRequest.For(campaign, p.Problem, p.SampleIndex).WorstCaseCost(price))
                : null;
            var retries = plan.Count(p => p.Attempt > 0);
            if (json)
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(
                    new Dictionary<string, object?>
                    {
                        ["campaign_id"] = campaign.Id,
                        ["new_campaign"] = archive is null,
                        ["model"] = campaign.Model,
                        ["suite"] = campaign.Suite,
                        ["problems"] = problems.Count,
                        ["samples_per_problem"] = campaign.SamplesPerProblem,
                        ["rollouts_to_ask"] = plan.Count,
                        ["retries"] = retries,
                        ["worst_case_cost_usd"] = worstCase,
                        ["max_cost_usd"] = budget.MaxCost,
                    },
                    SummaryOptions)).ConfigureAwait(false);
            }
            else
            {
                var table = new Table().HideHeaders().AddColumns("", "");
                table.AddRow("campaign", Markup.Escape(archive is null ? $"{campaign.Id} (new; not saved by a dry run)" : campaign.Id));
                table.AddRow("plan", Markup.Escape($"{campaign.Model} × {campaign.Suite} ({problems.Count} problems) × {campaign.SamplesPerProblem}"));
                table.AddRow("rollouts to ask", Markup.Escape($"{plan.Count} ({retries} of them retried slots)"));
                table.AddRow("worst-case cost", Markup.Escape(worstCase is { } w ? $"${w:F4} (every prompt byte a token, all of --max-tokens)" : "unknown: no price for this model"));
                table.AddRow("max cost", Markup.Escape(budget.MaxCost is { } max ? $"${max:F4}" : "none"));
                AnsiConsole.Write(table);
                AnsiConsole.WriteLine("dry run: nothing was sent and nothing was written");
            }

            return Completed;
        }
        finally
        {
            if (archive is not null)
            {
                await archive.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
