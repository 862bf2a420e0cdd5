using System.Runtime.Intrinsics;

namespace Assay.Nano;

/// <summary>Trains a <see cref="NanoModel"/> in place on (prompt, answer) pairs.</summary>
public static class NanoTrainer
{
    /// <summary>
    /// Runs <see cref="TrainingOptions.Steps"/> AdamW steps on batches drawn from <paramref name="examples"/> in a
    /// seeded shuffled order (reshuffled every epoch), grouped by length (<see cref="TrainingOptions.LengthWindow"/>).
    /// Each batch is padded to its own longest sequence; padding and prompt tokens carry no loss.
    /// The same model, examples, options and seed give bit-identical weights.
    /// </summary>
    /// <exception cref="ArgumentException">An example does not fit the context, or an option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps; the weights keep the steps taken.</exception>
    public static TrainingResult Train(
        NanoModel model, IReadOnlyList<TrainingExample> examples, TrainingOptions options,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sequences = Sequences(examples, (e, i) => TrainingSequence.FromExample(e, i, model.Config.Context));
        return Run(model, sequences, options, progress, cancellationToken);
    }

    /// <summary>
    /// Distillation proper: as <see cref="Train"/>, but the loss at each answer position is the forward
    /// KL(teacher ‖ student) against the example's teacher distribution instead of the cross-entropy of one token.
    /// </summary>
    public static TrainingResult Distill(
        NanoModel student, IReadOnlyList<DistillationExample> examples, TrainingOptions options,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        var sequences = Sequences(examples, (e, i) => TrainingSequence.FromDistillation(e, i, student.Config.Context));
        return Run(student, sequences, options, progress, cancellationToken);
    }

    /// <summary>
    /// GRPO (<see cref="GrpoObjective"/>): the policy that sampled the examples is <paramref name="model"/> as it is now,
    /// so π_old is read from it (one forward pass per example) before the first step, and π_ref from
    /// <paramref name="reference"/> when the objective has a KL term. Then <see cref="TrainingOptions.Steps"/> steps
    /// as <see cref="Train"/>, each on the gradient of L for its batch; after the first step the ratio r moves away from 1
    /// and the clip starts to bind.
    /// </summary>
    public static TrainingResult TrainPolicy(
        NanoModel model, IReadOnlyList<PolicyExample> examples, GrpoObjective objective, TrainingOptions options, NanoModel? reference = null,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        objective.Validate();
        if (objective.KlCoefficient > 0 && reference is null)
            throw new ArgumentException("The objective has a KL term (β > 0) but no reference model was given.", nameof(reference));
        var sequences = Sequences(examples, (e, i) => TrainingSequence.FromExample(new TrainingExample(e.Prompt, e.Answer), i, model.Config.Context));
        var oldLogprobs = sequences.Select(s => PolicyGradientStep.TargetLogprobs(model, s)).ToArray();
        var refLogprobs = objective.KlCoefficient > 0 ? sequences.Select(s => PolicyGradientStep.TargetLogprobs(reference!, s)).ToArray() : null;
        long forward = sequences.Sum(s => (long)s.Inputs.Length) * (refLogprobs is null ? 1 : 2);
        var step = new PolicyGradientStep(objective, sequences, examples.Select(e => e.Advantage).ToArray(), oldLogprobs, refLogprobs);
        return Run(model, sequences, options, progress, cancellationToken, step) with { ForwardTokens = forward };
    }

    /// <summary>Each example as next-token pairs; a null example is refused by its index.</summary>
    private static TrainingSequence[] Sequences<T>(IReadOnlyList<T> examples, Func<T, int, TrainingSequence> convert)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(examples);
        var sequences = new TrainingSequence[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(examples[i], $"examples[{i}]");
            sequences[i] = convert(examples[i], i);
        }

        return sequences;
    }

    private static TrainingResult Run(
        NanoModel model, TrainingSequence[] sequences, TrainingOptions options, Action<TrainingProgress>? progress, CancellationToken cancellationToken,
        PolicyGradientStep? policy = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (sequences.Length == 0)
            throw new ArgumentException("There are no training examples.", nameof(sequences));
        if (model.Config.Vocabulary != NanoTokenizer.VocabularySize)
            throw new ArgumentException($"Training on text needs a model with Vocabulary = {NanoTokenizer.VocabularySize}; this one has {model.Config.Vocabulary}.", nameof(model));

        int[] lengths = sequences.Select(s => s.Inputs.Length).ToArray();
        int maxTime = lengths.Max();
        int b = options.BatchSize, v = model.Config.Vocabulary;
        bool distill = sequences[0].Teacher is not null;
        var pass = new BatchPass(model, b, maxTime);
        var grads = new PinnedFloats(model.ParameterCount);
        var optimizer = new AdamW(model, options.Beta1, options.Beta2, options.WeightDecay);
        var schedule = new LearningRateSchedule(options.LearningRate, options.WarmupSteps, options.Steps, options.MinLearningRateRatio);
        var inputs = new int[b * maxTime];
        var targets = new int[b * maxTime];
        var weights = new float[b * maxTime];
        var teacher = distill ? new float[b * maxTime * v] : [];
        var batches = new LengthBatches(lengths, b, options.LengthWindow, options.Seed);
        long start = options.Clock.GetTimestamp();
        long tokens = 0, counted = 0;
        float loss = float.NaN;
        for (int step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] batch = batches.Next();
            int time = batch.Max(i => lengths[i]);
            int n = b * time;
            Array.Fill(inputs, NanoTokenizer.Pad, 0, n);
            Array.Fill(targets, NanoTokenizer.Pad, 0, n);
            weights.AsSpan(0, n).Clear();
            teacher.AsSpan(0, distill ? n * v : 0).Clear();
            for (int row = 0; row < b; row++)
            {
                var s = sequences[batch[row]];
                s.Inputs.CopyTo(inputs, row * time);
                s.Targets.CopyTo(targets, row * time);
                s.Weights.CopyTo(weights, row * time);
                s.Teacher?.CopyTo(teacher, row * time * v);
            }

            loss = pass.Forward(inputs.AsSpan(0, n), targets.AsSpan(0, n), weights.AsSpan(0, n), distill ? teacher.AsSpan(0, n * v) : default);
            if (policy is not null)
                loss = policy.Apply(pass, batch, time);
            grads.Span.Clear();
            pass.Backward(grads);
            float norm = GlobalNorm(grads.Span);
            float scale = options.GradientClip > 0 && norm > options.GradientClip ? options.GradientClip / norm : 1f;
            float lr = schedule.At(step);
            optimizer.Step(model.Parameters.Span, grads.Span, lr, scale);
            tokens += n;
            foreach (int i in batch)
                counted += lengths[i];
            double seconds = options.Clock.GetElapsedTime(start).TotalSeconds;
            progress?.Invoke(new TrainingProgress(step + 1, options.Steps, loss, lr, norm, seconds > 0 ? tokens / seconds : 0));
        }

        return new TrainingResult(options.Steps, tokens, loss, options.Clock.GetElapsedTime(start), counted) { Parameters = model.ParameterCount };
    }

    /// <summary>√Σg², summed in double in a fixed order (16 lanes, then the lanes in order): reproducible.</summary>
    internal static float GlobalNorm(ReadOnlySpan<float> grads)
    {
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<double>.Zero;
            for (; i + 16 <= grads.Length; i += 16)
            {
                var (lower, upper) = Vector512.Widen(Vector512.Create(grads.Slice(i, 16)));
                acc = Vector512.FusedMultiplyAdd(lower, lower, acc);
                acc = Vector512.FusedMultiplyAdd(upper, upper, acc);
            }

            for (int lane = 0; lane < Vector512<double>.Count; lane++)
                sum += acc[lane];
        }

        for (; i < grads.Length; i++)
            sum += (double)grads[i] * grads[i];
        return (float)Math.Sqrt(sum);
    }
}
