using Assay.Archive;
using Assay.Nano;

namespace Assay.Rollouts.Tests;

/// <summary><c>--seed</c> makes a campaign reproducible: nano, in process, at temperature 1 with several rollouts in
/// flight, gives the same completions for the same seed in two campaigns, and others for another seed.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task The_same_seed_twice_gives_identical_completions_from_nano_and_another_seed_gives_others()
    {
        // An untrained model samples near-uniformly at temperature 1: every completion depends on its seed.
        var checkpoint = Path.Combine(Path.GetDirectoryName(Db)!, "nano");
        await NanoCheckpoint.SaveAsync(NanoModel.Create(new NanoConfig(1, 16, 2, 72, NanoTokenizer.VocabularySize), seed: 1), checkpoint);

        async Task<Dictionary<(string, int), string>> RunAsync(string seed)
        {
            using var run = Assay("run", "--model", $"nano:{checkpoint}", "--suite", SuitePath, "-n", "2", "--temperature", "1",
                "--max-tokens", "8", "--seed", seed, "--concurrency", "4", "--db", Db);
            Assert.True(await run.WaitAsync(TimeSpan.FromMinutes(2)) == 0, run.Stdout + run.Stderr);
            var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
            await using var archive = await ArchiveFactory.OpenAsync(Db);
            return (await ReadAsync(archive, campaignId)).ToDictionary(r => (r.ProblemId, r.SampleIndex), r => r.Completion);
        }

        var first = await RunAsync("11");
        var again = await RunAsync("11");
        var other = await RunAsync("12");

        Assert.Equal(100, first.Count);
        Assert.Equal(first, again);
        Assert.True(first.Count(p => other[p.Key] != p.Value) > 90, "another seed should change nearly every completion");
        Assert.True(first.Values.Distinct().Count() > 90, "the samples of a campaign should differ from each other");
    }
}
