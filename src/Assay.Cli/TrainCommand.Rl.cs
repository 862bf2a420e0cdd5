using System.CommandLine;
using System.Globalization;
using Assay.Nano;
using Assay.Training;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay train rl</c>: expert iteration or GRPO on the policy's own verified rollouts.</summary>
internal static partial class TrainCommand
{
    private static Command Rl()
    {
        var shared = new TrainingRunOptions();
        var model = new Option<string>("--model") { Description = "Starting policy: nano:default or nano:PATH", DefaultValueFactory = _ => NanoModels.Default };
        var method = new Option<string>("--method") { Description = "expert-iteration or grpo", DefaultValueFactory = _ => "expert-iteration" };
        var rounds = new Option<int>("--rounds") { Description = "Sample → verify → train rounds", DefaultValueFactory = _ => 4 };
        var samples = new Option<int>("-n", "--samples") { Description = "Rollouts per training problem per round (GRPO's group size)", DefaultValueFactory = _ => 8 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature of rollouts and evaluation", DefaultValueFactory = _ => 1.0 };
        var epochs = new Option<double>("--epochs") { Description = "Passes over each round's training examples", DefaultValueFactory = _ => 2.0 };
        var clip = new Option<double>("--clip") { Description = "GRPO: ε of the clipped ratio", DefaultValueFactory = _ => 0.2 };
        var kl = new Option<double>("--kl") { Description = "GRPO: β of the KL penalty to the starting model (0: none)", DefaultValueFactory = _ => 0.04 };
        var command = new Command("rl", "Reinforcement learning on verified rollouts: expert iteration or GRPO, round by round, with the compute ledger")
        {
            model, method, rounds, samples, temperature, epochs, clip, kl,
        };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rlMethod = parse.GetValue(method) switch
            {
                "expert-iteration" => RlMethod.ExpertIteration,
                "grpo" => RlMethod.Grpo,
                var other => throw new UserInputException($"--method '{other}': expected expert-iteration or grpo"),
            };
            var objective = new GrpoObjective(parse.GetValue(clip), parse.GetValue(kl));
            try
            {
                objective.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new UserInputException($"--clip/--kl: {ex.Message}", ex);
            }

            var e = parse.GetValue(epochs);
            var split = shared.Problems(parse);
            var seed = parse.GetValue(shared.Seed);
            var modelSpec = parse.GetValue(model)!;
            var runId = parse.GetValue(shared.Run) ?? string.Create(CultureInfo.InvariantCulture, $"rl-{parse.GetValue(method)}-s{seed}");
            var settings = new RlSettings(
                runId, rlMethod, TrainingRunOptions.Positive(parse, rounds), TrainingRunOptions.Positive(parse, samples), parse.GetValue(temperature),
                shared.Training(parse), e > 0 ? e : throw new UserInputException($"--epochs {e}: must be positive"), objective,
                TrainingRunOptions.Positive(parse, shared.EvalSamples), seed);
            var start = await NanoModels.LoadAsync(modelSpec, cancellationToken).ConfigureAwait(false);
            var startPath = NanoModels.PathOf(modelSpec);
            await using var archive = await Archives.OpenAsync(parse.GetValue(shared.Db)!, cancellationToken).ConfigureAwait(false);
            var sandbox = await Sandboxes.StartAsync(Environment.ProcessorCount, parse.GetValue(shared.UnsafeNoSandbox), cancellationToken).ConfigureAwait(false);
            await using (sandbox.ConfigureAwait(false))
            {
                var run = new RlRun(archive, new Verifier(new ExactAnswerVerifier(), sandbox), TimeProvider.System);
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"run [bold]{Markup.Escape(runId)}[/]: {settings.Route}, {split.Train.Count} training and {split.HeldOut.Count} held-out problems, {start.ParameterCount:N0} parameters"));
                var ledger = await RunProgressBar.RunAsync(progress =>
                    run.RunAsync((start, startPath), settings, shared.Directory(parse, runId), split.Train, split.HeldOut, progress, cancellationToken)).ConfigureAwait(false);
                LedgerTable.Print(ledger);
            }

            return 0;
        });
        return command;
    }
}
