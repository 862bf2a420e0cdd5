using Assay.Archive;

namespace Assay.Rollouts.Tests;

/// <summary><c>--problems</c>, <c>--limit</c>, <c>--system</c> and <c>--stop</c>: sent as asked, stored with the campaign,
/// kept by a resume.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Problems_limit_system_and_stop_shape_every_request_and_a_resume_keeps_them()
    {
        await using var service = await ScriptedService.StartAsync((_, _) => 200);

        string campaignId;
        using (var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "--db", Db, "--problems", "arith/1*",
            "--limit", "4", "--system", "Answer with digits.", "--stop", "\n\n", "--stop", "END", "--max-cost", "1"))
        {
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1)));
            campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        }

        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            // arith/1, arith/10, arith/11, arith/12: the glob, then the first four in suite order.
            Assert.Equal(["arith/1", "arith/10", "arith/11", "arith/12"], (await ReadAsync(archive, campaignId)).Select(r => r.ProblemId));
            var request = (await ReadAsync(archive, campaignId))[0].Request;
            Assert.Contains("\"system\":\"Answer with digits.\"", request, StringComparison.Ordinal);
            Assert.Contains("\"stop\":[\"\\n\\n\",\"END\"]", request, StringComparison.Ordinal);
        }

        using (var resume = Assay("run", "--resume", campaignId, "--db", Db, "--dry-run", "--json"))
        {
            Assert.Equal(0, await resume.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("\"problems\": 4", resume.Stdout, StringComparison.Ordinal);
            Assert.Contains("\"rollouts_to_ask\": 0", resume.Stdout, StringComparison.Ordinal);
        }

        using var none = Assay("run", "--model", service.Model, "--suite", SuitePath, "--db", Db, "--problems", "nope*");
        Assert.Equal(2, await none.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.StartsWith("error: --problems nope*", none.Stderr, StringComparison.Ordinal);
    }
}
