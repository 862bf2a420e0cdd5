using Assay.Core;
using Assay.Nano;
using Assay.Verification;

namespace Assay.Training;

/// <summary>Measures a nano model's pass@1 per (kind, difficulty) on a suite by sampling and verifying.</summary>
public static class PassAtOneEvaluation
{
    /// <summary>Draws <paramref name="samples"/> answers per problem at <paramref name="temperature"/> and verifies each.</summary>
    public static async Task<IReadOnlyList<LevelScore>> RunAsync(
        NanoModel model,
        IReadOnlyList<Problem> problems,
        IVerifier verifier,
        int samples,
        double temperature,
        int seed,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var passed = await CountPassedAsync(model, problems, verifier, samples, temperature, seed, progress, cancellationToken).ConfigureAwait(false);
        return problems
            .Select((p, i) => (p, i))
            .GroupBy(x => (Kind: x.p.Suite, x.p.Difficulty))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Difficulty)
            .Select(g => new LevelScore(g.Key.Kind, g.Key.Difficulty, g.Count(), g.Count() * samples, g.Sum(x => passed[x.i])))
            .ToList();
    }

    /// <summary>pass@1 over <paramref name="problems"/> with its confidence interval over problems (a held-out split).</summary>
    public static async Task<HeldOutScore> ScoreAsync(
        NanoModel model, IReadOnlyList<Problem> problems, IVerifier verifier, int samples, double temperature, int seed,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        HeldOutScore.FromCounts(await CountPassedAsync(model, problems, verifier, samples, temperature, seed, progress, cancellationToken).ConfigureAwait(false), samples);

    /// <summary>Samples passed per problem, in the problems' order.</summary>
    private static async Task<int[]> CountPassedAsync(
        NanoModel model, IReadOnlyList<Problem> problems, IVerifier verifier, int samples, double temperature, int seed,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(verifier);
        var passed = new int[problems.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, problems.Count), options, async (i, ct) =>
        {
            var problem = problems[i];
            var request = new SamplingRequest
            {
                N = samples,
                Temperature = (float)temperature,
                MaxTokens = Math.Max(1, model.Config.Context - NanoTokenizer.EncodeChat(problem.Prompt).Length),
                Seed = unchecked(seed + i),
            };
            foreach (var answer in NanoSampler.Generate(model, problem.Prompt, request, ct))
            {
                var verdict = await verifier.VerifyAsync(problem, answer.Text, ct).ConfigureAwait(false);
                if (verdict.IsInfrastructureFailure)
                {
                    // Counting it as a failed sample would lower the model's pass@1 for the verifier's fault.
                    throw new InvalidOperationException($"The verifier failed on problem {problem.Id}: {verdict.Detail}");
                }

                if (verdict.Passed)
                {
                    passed[i]++;
                }
            }

            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);

        return passed;
    }
}
