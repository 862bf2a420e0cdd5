using System.CommandLine;
using System.Globalization;
using Assay.Core;
using Assay.Suites;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay suites list | show NAME | generate KIND</c>.</summary>
internal static class SuitesCommand
{
    public static Command Create()
    {
        var command = new Command("suites", "List, show and generate problem suites");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Generate());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the built-in suites and generators");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("suite", "difficulties", "problems", "description");
            var bundled = SuiteCatalog.Resolve(SuiteCatalog.Bundled);
            table.AddRow(SuiteCatalog.Bundled, "all", bundled.Count.ToString(CultureInfo.InvariantCulture), "the bundled mix: every generator at every difficulty");
            foreach (var generator in SuiteCatalog.Generators)
            {
                table.AddRow(
                    generator.Kind,
                    $"1-{generator.MaxDifficulty}",
                    (generator.MaxDifficulty * SuiteCatalog.BundledPerLevel).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(generator.Description));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("[grey]A JSONL or JSONL.gz file in HumanEval's format is a suite too: pass its path.[/]");
        });
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "Suite name or JSONL file" };
        var limit = new Option<int>("--limit") { Description = "Problems to show", DefaultValueFactory = _ => 10 };
        var command = new Command("show", "Show a suite's problems") { name, limit };
        command.SetAction(parse =>
        {
            var problems = SuiteCatalog.Resolve(parse.GetRequiredValue(name));
            var table = new Table().AddColumns("id", "difficulty", "check", "prompt", "reference");
            foreach (var problem in problems.Take(parse.GetValue(limit)))
            {
                var check = problem.Check switch
                {
                    ExactAnswerCheck => "exact answer",
                    PythonTestsCheck tests => $"python, {tests.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s",
                    _ => "?",
                };
                table.AddRow(
                    Markup.Escape(problem.Id),
                    problem.Difficulty.ToString(CultureInfo.InvariantCulture),
                    check,
                    Markup.Escape(Shorten(problem.Prompt)),
                    Markup.Escape(Shorten(problem.Reference ?? "")));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{problems.Count} problems[/]");
        });
        return command;
    }

    private static Command Generate()
    {
        var kind = new Argument<string>("kind") { Description = "arithmetic, strings or functions" };
        var count = new Option<int>("--n") { Description = "Number of problems", DefaultValueFactory = _ => 100 };
        var difficulty = new Option<int>("--difficulty") { Description = "Difficulty level (from 1)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--out") { Description = "Write JSONL here instead of standard output" };
        var command = new Command("generate", "Generate a suite as JSONL (HumanEval's field names)") { kind, count, difficulty, seed, output };
        command.SetAction(parse =>
        {
            var name = parse.GetRequiredValue(kind);
            var generator = SuiteCatalog.FindGenerator(name)
                ?? throw new UserInputException($"kind '{name}': unknown; one of {string.Join(", ", SuiteCatalog.Generators.Select(g => g.Kind))}");
            var level = parse.GetValue(difficulty);
            if (level < 1 || level > generator.MaxDifficulty)
            {
                throw new UserInputException($"--difficulty {level}: {generator.Kind} has levels 1 to {generator.MaxDifficulty}");
            }

            var n = parse.GetValue(count);
            if (n < 1)
            {
                throw new UserInputException($"--n {n}: must be at least 1");
            }

            var problems = generator.Generate(n, level, parse.GetValue(seed));
            if (parse.GetValue(output) is { } file)
            {
                using var writer = new StreamWriter(file.FullName);
                SuiteWriter.Write(writer, problems);
                Console.Error.WriteLine($"wrote {problems.Count} problems to {file.FullName}");
            }
            else
            {
                SuiteWriter.Write(Console.Out, problems);
            }
        });
        return command;
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings("⏎");
        return oneLine.Length <= 60 ? oneLine : oneLine[..57] + "...";
    }
}
