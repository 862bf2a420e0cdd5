using System.CommandLine;
using Assay.Archive;
using Assay.Nano;
using Assay.Training;

namespace Assay.Cli;

/// <summary>The options every route of <c>assay train</c> shares: archive, run id, problems, evaluation, optimiser.</summary>
internal sealed class TrainingRunOptions
{
    public Option<string> Db { get; } = new("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL (rollouts and the compute ledger)", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };

    public Option<string?> Run { get; } = new("--run") { Description = "Run id in the ledger; the same id resumes a stopped run (default: derived from the settings)" };

    public Option<string?> Out { get; } = new("--out") { Description = "Directory of the round checkpoints (default: $ASSAY_HOME/runs/RUN)" };

    public Option<string> Levels { get; } = new("--levels") { Description = "Problems as kind:difficulty,... (default: the base model's frontier)", DefaultValueFactory = _ => ProblemSplit.DefaultLevels };

    public Option<int> TrainProblems { get; } = new("--train-problems") { Description = "Training problems per level", DefaultValueFactory = _ => 48 };

    public Option<int> HeldOutProblems { get; } = new("--heldout-problems") { Description = "Held-out problems per level (pass@1 every round)", DefaultValueFactory = _ => 24 };

    public Option<int> EvalSamples { get; } = new("--eval-samples") { Description = "Samples per held-out problem", DefaultValueFactory = _ => 8 };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seeds problems, rollouts, data order and evaluation", DefaultValueFactory = _ => 1 };

    public Option<int> Batch { get; } = new("--batch") { Description = "Sequences per optimiser step", DefaultValueFactory = _ => 16 };

    public Option<float> LearningRate { get; } = new("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => 5e-4f };

    public Option<bool> UnsafeNoSandbox { get; } = CliOptions.UnsafeNoSandbox();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Db, Run, Out, Levels, TrainProblems, HeldOutProblems, EvalSamples, Seed, Batch, LearningRate, UnsafeNoSandbox })
        {
            command.Options.Add(option);
        }
    }

    public ProblemSplit Problems(ParseResult parse)
    {
        IReadOnlyList<(string, int)> levels;
        try
        {
            levels = ProblemSplit.ParseLevels(parse.GetValue(Levels)!);
        }
        catch (FormatException ex)
        {
            throw new UserInputException($"--levels: {ex.Message}", ex);
        }

        return ProblemSplit.Generate(levels, Positive(parse, TrainProblems), Positive(parse, HeldOutProblems), parse.GetValue(Seed));
    }

    /// <summary>The optimiser's settings; steps are decided per round by the route.</summary>
    public TrainingOptions Training(ParseResult parse)
    {
        var lr = parse.GetValue(LearningRate);
        return new TrainingOptions
        {
            BatchSize = Positive(parse, Batch),
            LearningRate = lr > 0 ? lr : throw new UserInputException($"--lr {lr}: must be positive"),
            WarmupSteps = 0,
            MinLearningRateRatio = 1f,
            WeightDecay = 0f,
        };
    }

    /// <summary>The checkpoints' directory of a run.</summary>
    public string Directory(ParseResult parse, string runId) =>
        Path.GetFullPath(parse.GetValue(Out) ?? Path.Combine(ModelCache.FromEnvironment().Root, "runs", runId));

    public static int Positive(ParseResult parse, Option<int> option)
    {
        var value = parse.GetValue(option);
        return value >= 1 ? value : throw new UserInputException($"{option.Name} {value}: must be at least 1");
    }
}
