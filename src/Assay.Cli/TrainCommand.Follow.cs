using System.CommandLine;
using System.Globalization;
using Assay.Core;
using Assay.Nano;
using Assay.Training;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay train sft</c> and <c>assay train distill</c>: a follower trained on a leader's output or probabilities.</summary>
internal static partial class TrainCommand
{
    private static Command Sft()
    {
        var shared = new TrainingRunOptions();
        var data = new Option<FileInfo>("--data") { Description = "SFT JSONL: chat 'messages' (assay publish's sft.jsonl) or 'prompt'/'completion'", Required = true };
        var (model, rounds, epochs) = FollowerOptions();
        var command = new Command("sft", "Supervised fine-tuning on a teacher's published outputs, with held-out pass@1 and the compute ledger every round")
        {
            data, model, rounds, epochs,
        };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(data)!;
            var examples = ReadDataset(file);
            var settings = Settings(parse, shared, rounds, epochs, "sft");
            return await FollowAsync(parse, shared, model, settings, (run, start, split, directory, progress) =>
                run.SftAsync(start, settings, directory, examples, split.HeldOut, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Distill()
    {
        var shared = new TrainingRunOptions();
        var teacher = new Option<string?>("--teacher") { Description = "A live nano teacher (nano:default or nano:PATH), its full distribution along each answer of --data" };
        var data = new Option<FileInfo?>("--data") { Description = "With --teacher: the answers to distil along (SFT JSONL)" };
        var campaign = new Option<string?>("--from-campaign") { Description = "A campaign archived with --logprobs K: its passed rollouts' top-k distributions" };
        var (model, rounds, epochs) = FollowerOptions();
        var command = new Command("distill", "Distillation proper: forward KL to a teacher's token distribution (live nano teacher or archived top-k)")
        {
            teacher, data, campaign, model, rounds, epochs,
        };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var teacherSpec = parse.GetValue(teacher);
            var campaignId = parse.GetValue(campaign);
            if ((teacherSpec is null) == (campaignId is null))
            {
                throw new UserInputException("distill: give exactly one of --teacher MODEL (with --data) and --from-campaign ID");
            }

            var settings = Settings(parse, shared, rounds, epochs, "distill");
            IReadOnlyList<DistillationExample> examples;
            double teacherFlops = 0;
            if (teacherSpec is not null)
            {
                var file = parse.GetValue(data) ?? throw new UserInputException("--teacher: give --data DATASET, the answers to distil along");
                var live = await NanoModels.LoadAsync(teacherSpec, cancellationToken).ConfigureAwait(false);
                (examples, teacherFlops) = DistillationSource.FromTeacher(live, ReadDataset(file));
            }
            else
            {
                await using var source = await Archives.OpenExistingAsync(parse.GetValue(shared.Db)!, cancellationToken).ConfigureAwait(false);
                try
                {
                    examples = await DistillationSource.FromCampaignAsync(source, campaignId!, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    throw new UserInputException($"--from-campaign: {ex.Message}", ex);
                }
            }

            return await FollowAsync(parse, shared, model, settings, (run, start, split, directory, progress) =>
                run.DistillAsync(start, settings, directory, examples, teacherFlops, split.HeldOut, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static (Option<string> Model, Option<int> Rounds, Option<double> Epochs) FollowerOptions() => (
        new Option<string>("--model") { Description = "The student to start from: nano:default or nano:PATH", DefaultValueFactory = _ => NanoModels.Default },
        new Option<int>("--rounds") { Description = "Rounds of training, each followed by a held-out evaluation", DefaultValueFactory = _ => 4 },
        new Option<double>("--epochs") { Description = "Passes over the data per round", DefaultValueFactory = _ => 1.0 });

    private static SupervisedSettings Settings(ParseResult parse, TrainingRunOptions shared, Option<int> rounds, Option<double> epochs, string route)
    {
        var e = parse.GetValue(epochs);
        var seed = parse.GetValue(shared.Seed);
        return new SupervisedSettings(
            parse.GetValue(shared.Run) ?? string.Create(CultureInfo.InvariantCulture, $"{route}-s{seed}"),
            TrainingRunOptions.Positive(parse, rounds), e > 0 ? e : throw new UserInputException($"--epochs {e}: must be positive"),
            shared.Training(parse), TrainingRunOptions.Positive(parse, shared.EvalSamples), 1.0, seed);
    }

    private static IReadOnlyList<TrainingExample> ReadDataset(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UserInputException($"--data {file.FullName}: no such file");
        }

        try
        {
            return SftDataset.Read(file.FullName);
        }
        catch (FormatException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }

    private static async Task<int> FollowAsync(
        ParseResult parse, TrainingRunOptions shared, Option<string> model, SupervisedSettings settings,
        Func<SupervisedRun, (NanoModel, string), ProblemSplit, string, IProgress<RunProgress>, Task<IReadOnlyList<LedgerEntry>>> run,
        CancellationToken cancellationToken)
    {
        var split = shared.Problems(parse);
        var spec = parse.GetValue(model)!;
        var start = await NanoModels.LoadAsync(spec, cancellationToken).ConfigureAwait(false);
        await using var archive = await Archives.OpenAsync(parse.GetValue(shared.Db)!, cancellationToken).ConfigureAwait(false);
        var sandbox = await Sandboxes.StartAsync(Environment.ProcessorCount, parse.GetValue(shared.UnsafeNoSandbox), cancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var runner = new SupervisedRun(archive, new Verifier(new ExactAnswerVerifier(), sandbox), TimeProvider.System);
            AnsiConsole.MarkupLine($"run [bold]{Markup.Escape(settings.RunId)}[/]: {split.HeldOut.Count} held-out problems");
            var ledger = await RunProgressBar.RunAsync(progress =>
                run(runner, (start, NanoModels.PathOf(spec)), split, shared.Directory(parse, settings.RunId), progress)).ConfigureAwait(false);
            LedgerTable.Print(ledger);
        }

        return 0;
    }
}
