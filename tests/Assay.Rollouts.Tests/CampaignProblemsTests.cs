using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>A campaign's problems are archived with it by the runner, so what reads the archive needs no suite file.</summary>
public sealed class CampaignProblemsTests
{
    private static readonly PolicyOptions Options = new() { MaxConcurrency = 4 };

    [Fact]
    public async Task A_run_archives_the_problems_it_ran_in_order_and_a_resume_keeps_them()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond);
        await using var policy = await LoopbackPolicy.CreateAsync(server.BaseUrl, Options);
        var problems = ArithmeticScenario.Problems(6).Select(p => p with { ReleaseDate = new DateOnly(2026, 1, 2) }).Reverse().ToList();
        var campaign = ArithmeticScenario.Campaign("c-problems", policy.Model, n: 1);

        var first = await policy.Runner().RunAsync(campaign, problems, new CampaignRunOptions { Workers = 2 });
        var resumed = await policy.Runner().RunAsync(campaign, problems, new CampaignRunOptions { Workers = 2 });

        Assert.Equal((CampaignStopReason.Completed, 6), (first.StopReason, first.Archived));
        Assert.Equal((CampaignStopReason.Completed, 0), (resumed.StopReason, resumed.Archived));
        var stored = await policy.Archive.GetProblemsAsync("c-problems");
        Assert.Equal(problems, stored);
        Assert.All(stored, p => Assert.Equal(new DateOnly(2026, 1, 2), p.ReleaseDate));
    }
}
