using Assay.Core;
using Assay.Reports;

namespace Assay.Archive.Tests;

/// <summary>Problems stored with their campaign (migration 8): what reports, reverify and the service read instead of a
/// suite file.</summary>
public abstract partial class ArchiveContractTests
{
    private static readonly Problem HumanEvalShaped = new(
        "HumanEval/0", "humaneval", "def add(a, b):\n    \"\"\"Add ünïcode.\"\"\"\n",
        new PythonTestsCheck("def check(candidate):\n    assert candidate(1, 2) == 3\n", "add", 2.5), "    return a + b\n", 0)
    {
        ReleaseDate = new DateOnly(2021, 7, 7),
    };

    private static readonly Problem MbppShaped = new(
        "mbpp/11", "mbpp", "Write a function remove_Occ.\n",
        new PythonTestsCheck("assert remove_Occ('hello', 'l') == 'heo'\nassert helper(1) == 1\n", "remove_Occ", 10)
        {
            OtherEntryPoints = ["helper"],
            CallsCheck = false,
        });

    private static readonly Problem ExactAnswer = new("arith/d3/17", "arithmetic", "What is 12 * 7?", new ExactAnswerCheck("84"), "84", 3);

    [Fact]
    public async Task A_campaigns_problems_come_back_in_its_order_with_their_checks_and_release_dates()
    {
        await using var archive = await OpenAsync();
        await archive.SaveCampaignAsync(SampleRollouts.Campaign("c1"), [MbppShaped, HumanEvalShaped, ExactAnswer]);
        await archive.SaveCampaignAsync(SampleRollouts.Campaign("c2"), [ExactAnswer]);

        var read = await archive.GetProblemsAsync("c1");

        Assert.Equal(["mbpp/11", "HumanEval/0", "arith/d3/17"], read.Select(p => p.Id));
        AssertSameProblem(MbppShaped, read[0]);
        AssertSameProblem(HumanEvalShaped, read[1]);
        AssertSameProblem(ExactAnswer, read[2]);
        Assert.Equal(new DateOnly(2021, 7, 7), read[1].ReleaseDate);
        Assert.Null(read[0].ReleaseDate);
        Assert.Equal(["arith/d3/17"], (await archive.GetProblemsAsync("c2")).Select(p => p.Id));
        Assert.Empty(await archive.GetProblemsAsync("unknown"));
    }

    [Fact]
    public async Task Saving_a_campaign_again_keeps_its_first_problems_and_adds_only_missing_ones()
    {
        await using var archive = await OpenAsync();
        var campaign = SampleRollouts.Campaign("c1");
        await archive.SaveCampaignAsync(campaign, [ExactAnswer]);

        await archive.SaveCampaignAsync(campaign, [ExactAnswer with { Prompt = "changed since" }, HumanEvalShaped]);

        var read = await archive.GetProblemsAsync("c1");
        Assert.Equal(["arith/d3/17", "HumanEval/0"], read.Select(p => p.Id));
        Assert.Equal("What is 12 * 7?", read[0].Prompt);
    }

    [Fact]
    public async Task A_campaign_archived_before_problems_were_stored_reads_none_then_gets_them_on_resume_and_still_reports()
    {
        await using (var raw = await OpenRawAsync())
        {
            await ApplyMigrationsUpToAsync(raw, 6);
            await ExecuteAsync(raw,
                "INSERT INTO campaigns (id, model, suite, samples_per_problem, temperature, top_p, max_tokens, seed, top_logprobs, created_at_us) " +
                "VALUES ('old', 'nano:default', 'humaneval', 2, 0.8, 1, 64, 7, NULL, 0)");
        }

        await using var archive = await OpenAsync();
        var campaign = await archive.GetCampaignAsync("old");
        Assert.NotNull(campaign);
        Assert.Empty(await archive.GetProblemsAsync("old"));
        await archive.AppendAsync([SampleRollouts.Rollout("old", "HumanEval/0", 0), SampleRollouts.Bare("old", "HumanEval/0", 1)]);

        // A resume saves the campaign with the problems it runs: the row is kept, the problems are added.
        await archive.SaveCampaignAsync(campaign with { Model = "ignored" }, [HumanEvalShaped]);

        Assert.Equal(campaign, await archive.GetCampaignAsync("old"));
        AssertSameProblem(HumanEvalShaped, Assert.Single(await archive.GetProblemsAsync("old")));
        var entry = Assert.Single(ReportBuilder.Build(await archive.ReadRolloutsAsync("old").ToListAsync(), [campaign]).Entries);
        Assert.Equal(1, entry.PassAtK.Single(p => p.K == 1).Value!.Value, 6);
    }

    /// <summary>Record equality compares the entry-point lists by reference, so compare them apart.</summary>
    private static void AssertSameProblem(Problem expected, Problem actual)
    {
        if (expected.Check is PythonTestsCheck tests)
        {
            var read = Assert.IsType<PythonTestsCheck>(actual.Check);
            Assert.Equal(tests.EntryPoints, read.EntryPoints);
            Assert.Equal(tests with { OtherEntryPoints = [] }, read with { OtherEntryPoints = [] });
            Assert.Equal(expected with { Check = new ExactAnswerCheck("") }, actual with { Check = new ExactAnswerCheck("") });
            return;
        }

        Assert.Equal(expected, actual);
    }
}
