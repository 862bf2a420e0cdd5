using System.Diagnostics;
using Assay.Archive;
using Assay.Archive.Results;
using Assay.Core;
using Assay.Nano;

namespace Assay.Bench.Results;

/// <summary>
/// Fills an archive with campaigns of 10 models × 2 suites × 5 campaigns spread over the past year (200 problems per
/// suite, samples per problem to reach the rollouts asked), each rollout's verdict drawn from its model's skill and its
/// problem's difficulty with a seeded generator; appended in batches of 10,000 through the archive's own bulk path, so
/// the tally trigger runs exactly as in production. Also writes 200 subscriber and 200 public keys and a tiny nano
/// checkpoint (what <c>assay serve</c> must load) into the output directory.
/// </summary>
internal static class ArchiveGenerator
{
    private const int Models = 10;
    private const int CampaignsPerModel = 5;
    private const int ProblemsPerSuite = 200;
    private const int BatchSize = 10_000;
    private static readonly string[] Suites = ["humaneval", "mbpp"];

    public static async Task<int> RunAsync(Arguments args)
    {
        var db = args.Text("db");
        var output = Directory.CreateDirectory(args.Text("out")).FullName;
        var total = args.Number("rollouts", 1_000_000);
        var samples = Math.Max(1, total / (Models * Suites.Length * CampaignsPerModel * ProblemsPerSuite));
        var random = new Random(2026);
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await using var archive = await ArchiveFactory.OpenAsync(db);
        var written = 0;
        var batch = new List<Rollout>(BatchSize);
        for (var m = 0; m < Models; m++)
        {
            var skill = 0.15 + (0.7 * m / (Models - 1));
            foreach (var suite in Suites)
            {
                var problems = Enumerable.Range(0, ProblemsPerSuite).Select(p => new Problem(
                    $"{suite}/{p}", suite, $"def f{p}(x):\n    \"\"\"Problem {p} of {suite}.\"\"\"\n", new ExactAnswerCheck(p.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    ReleaseDate = new DateOnly(2025, 1, 1).AddDays(p),
                }).ToList();
                for (var c = 0; c < CampaignsPerModel; c++)
                {
                    // Campaigns every 72 days over the past year, each model a few days after the last.
                    var start = now.AddDays(-365 + (72 * c) + (3 * m));
                    var campaign = new Campaign($"bench-{m:00}-{suite}-{c}", $"bench:model-{m:00}", suite, samples, new SamplingSettings(), start);
                    await archive.SaveCampaignAsync(campaign, problems);
                    var slot = 0;
                    foreach (var problem in problems)
                    {
                        var difficulty = random.NextDouble();
                        var p = Math.Clamp(skill + (0.02 * c) - difficulty + 0.3, 0.01, 0.99);
                        for (var s = 0; s < samples; s++)
                        {
                            // A campaign's rollouts are spread over one day, in slot order.
                            var at = start.AddSeconds(86_400.0 * slot++ / (ProblemsPerSuite * samples));
                            batch.Add(Rollout(campaign, problem.Id, s, random.NextDouble() < p, random.NextDouble() < 0.01, at));
                            if (batch.Count == BatchSize)
                            {
                                await archive.AppendAsync(batch);
                                written += batch.Count;
                                batch.Clear();
                            }
                        }
                    }
                }
            }
        }

        await archive.AppendAsync(batch);
        written += batch.Count;
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{written:N0} rollouts in {seconds:F1} s ({written / seconds:N0}/s) into {db}");

        var keys = new ServiceKeyStore(archive, TimeProvider.System);
        foreach (var tier in new[] { Tier.Subscriber, Tier.Public })
        {
            var lines = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                lines.Add((await keys.CreateAsync(tier, $"bench-{i}")).Secret);
            }

            await File.WriteAllLinesAsync(Path.Combine(output, $"keys-{tier.ToString().ToLowerInvariant()}.txt"), lines);
        }

        await NanoCheckpoint.SaveAsync(NanoModel.Create(NanoConfig.ForText(layers: 1, width: 16, heads: 2, context: 32), seed: 1), Path.Combine(output, "nano"));
        Console.WriteLine($"keys and nano checkpoint in {output}");
        return 0;
    }

    private static Rollout Rollout(Campaign campaign, string problemId, int sample, bool passed, bool lost, DateTimeOffset at)
    {
        var status = lost ? VerdictStatus.Infrastructure : passed ? VerdictStatus.Passed : VerdictStatus.Failed;
        return new Rollout(
            RolloutId.For(campaign.Id, problemId, sample),
            campaign.Id,
            problemId,
            sample,
            campaign.Model,
            """{"messages":[{"role":"user","content":"solve"}]}""",
            passed ? "    return x + 1\n" : "    return x\n",
            "stop",
            null,
            40,
            12,
            TimeSpan.FromMilliseconds(200),
            0.00004m,
            new Verdict(status, passed && !lost ? 1 : 0, status.ToString(), Isolation.Namespaces, TimeSpan.FromMilliseconds(20)) { Verifier = "bench/1" },
            at);
    }
}
