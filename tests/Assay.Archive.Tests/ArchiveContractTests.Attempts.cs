using Assay.Core;

namespace Assay.Archive.Tests;

/// <summary>Attempts (migration 5): a slot lost to an infrastructure failure is asked again as a new row, and readers see
/// the attempt that counts; budgets stored with their campaign.</summary>
public abstract partial class ArchiveContractTests
{
    [Fact]
    public async Task A_retried_slot_is_a_new_row_and_readers_see_its_latest_attempt_that_is_not_an_infrastructure_failure()
    {
        await using var archive = await OpenAsync();
        var lost = SampleRollouts.Bare("c1", "p", 0);
        var retried = SampleRollouts.Rollout("c1", "p", 0) with { Id = RolloutId.For("c1", "p", 0, 1), Attempt = 1 };
        var lostAgain = SampleRollouts.Bare("c1", "q", 0);
        var lostTwice = lostAgain with { Id = RolloutId.For("c1", "q", 0, 1), Attempt = 1 };
        await archive.AppendAsync([lost, lostAgain]);
        await archive.AppendAsync([retried, lostTwice]);

        var current = await archive.ReadRolloutsAsync("c1").ToListAsync();
        var all = await archive.ReadAllAttemptsAsync("c1").ToListAsync();

        Assert.Equal([(VerdictStatus.Passed, 1), (VerdictStatus.Infrastructure, 1)], current.Select(r => (r.Verdict.Status, r.Attempt)));
        Assert.Equal([0, 1, 0, 1], all.Select(r => r.Attempt));
        Assert.Equal(4, await CountRolloutsAsync());
        var attempts = await archive.GetAttemptsAsync("c1");
        Assert.Equal(
            [("p", 0, 0, VerdictStatus.Infrastructure), ("p", 0, 1, VerdictStatus.Passed), ("q", 0, 0, VerdictStatus.Infrastructure), ("q", 0, 1, VerdictStatus.Infrastructure)],
            attempts.Select(a => (a.ProblemId, a.SampleIndex, a.Attempt, a.Status)).Order());
        Assert.Equal(0.000123456789m, attempts.Sum(a => a.Cost));
    }

    [Fact]
    public async Task A_second_row_for_the_same_attempt_of_a_slot_is_refused_whatever_its_id()
    {
        await using var archive = await OpenAsync();
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]);

        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0) with { Id = "another-id", Completion = "other" }]);

        Assert.Equal(1, await CountRolloutsAsync());
    }

    [Fact]
    public async Task An_archive_made_before_attempts_keeps_its_ids_and_reads_every_row_as_attempt_0()
    {
        await using (var raw = await OpenRawAsync())
        {
            await ApplyMigrationsUpToAsync(raw, 4);
            foreach (var (problem, status) in new[] { ("a", "passed"), ("b", "infrastructure") })
            {
                await ExecuteAsync(raw,
                    $"INSERT INTO rollouts ({OldColumns}) VALUES ('{RolloutId.For("old", problem, 0)}', 'old', '{problem}', 0, 'm', '{{}}', '', " +
                    $"NULL, NULL, 0, 0, 0, 0, '{status}', 0, 'd', 'not_applicable', 0, 0)");
            }
        }

        await using var archive = await OpenAsync();
        var read = await archive.ReadRolloutsAsync("old").ToListAsync();

        Assert.Equal([RolloutId.For("old", "a", 0), RolloutId.For("old", "b", 0)], read.Select(r => r.Id));
        Assert.All(read, r => Assert.Equal(0, r.Attempt));

        // The infrastructure failure's slot takes its next attempt under the new index.
        await archive.AppendAsync([SampleRollouts.Rollout("old", "b", 0) with { Id = RolloutId.For("old", "b", 0, 1), Attempt = 1 }]);
        Assert.Equal([0, 1], (await archive.ReadRolloutsAsync("old").ToListAsync()).Select(r => r.Attempt));
    }

    [Fact]
    public async Task A_campaign_budget_survives_a_round_trip_and_a_resume_can_change_its_limit()
    {
        await using var archive = await OpenAsync();
        var campaign = SampleRollouts.Campaign("c1") with { Budget = new CampaignBudget(0.25m, 0.15m, 0.6m) };
        await archive.SaveCampaignAsync(campaign, []);

        Assert.Equal(campaign.Budget, (await archive.GetCampaignAsync("c1"))!.Budget);

        await archive.SetMaxCostAsync("c1", 1.5m);
        Assert.Equal(new CampaignBudget(1.5m, 0.15m, 0.6m), (await archive.GetCampaignAsync("c1"))!.Budget);
    }

    [Fact]
    public async Task A_campaign_problem_selection_system_message_and_stop_sequences_survive_a_round_trip()
    {
        await using var archive = await OpenAsync();
        var campaign = SampleRollouts.Campaign("c1") with
        {
            Problems = new CampaignProblems("HumanEval/1*", 5),
            Prompt = new CampaignPrompt("You are terse.", ["\nclass", "\n\"\"\"", "ünï"]),
        };
        await archive.SaveCampaignAsync(campaign, []);

        Assert.Equal(campaign, await archive.GetCampaignAsync("c1"));
    }

    [Fact]
    public async Task A_refused_request_is_stored_as_the_word_refused()
    {
        await using var archive = await OpenAsync();
        await archive.AppendAsync([SampleRollouts.Bare("c1", "p", 0) with
        {
            Verdict = new Verdict(VerdictStatus.Refused, 0, "policy: Rejected (HTTP 400 BadRequest)", Isolation.NotApplicable, TimeSpan.Zero),
        }]);

        await using var raw = await OpenRawAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT verdict_status FROM rollouts";

        Assert.Equal("refused", (string?)await command.ExecuteScalarAsync());
        Assert.Equal(VerdictStatus.Refused, Assert.Single(await archive.ReadRolloutsAsync("c1").ToListAsync()).Verdict.Status);
    }
}
