using System.CommandLine;
using System.Globalization;
using Assay.Core;
using Assay.Reports;
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
        var command = new Command("list", "List the built-in suites: generated ones and bundled files, with where each comes from");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("suite", "difficulties", "problems", "description", "comes from");
            var seeded = string.Create(CultureInfo.InvariantCulture,
                $"seed {SuiteCatalog.BundledSeed}, {SuiteCatalog.BundledPerLevel} problems per level");
            var generated = SuiteCatalog.Resolve(SuiteCatalog.Bundled);
            table.AddRow(
                SuiteCatalog.Bundled, "all", Count(generated.Count), "the generated mix: every generator at every difficulty",
                Markup.Escape($"generators {string.Join(", ", SuiteCatalog.Generators.Select(g => g.Kind))}, {seeded}"));
            foreach (var generator in SuiteCatalog.Generators)
            {
                table.AddRow(
                    generator.Kind,
                    $"1-{generator.MaxDifficulty}",
                    Count(generator.MaxDifficulty * SuiteCatalog.BundledPerLevel),
                    Markup.Escape(generator.Description),
                    Markup.Escape($"generator {generator.Kind}, {seeded}"));
            }

            foreach (var bundled in SuiteCatalog.BundledSuites)
            {
                table.AddRow(
                    Shown(bundled.Name), "-", Count(SuiteCatalog.Load(bundled).Count), Shown(bundled.Description), Shown(bundled.Origin));
            }

            TableConsole.For(Console.Out).Write(table);
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
            var table = new Table().AddColumns("id", "difficulty", "released", "check", "prompt", "reference");
            foreach (var problem in problems.Take(parse.GetValue(limit)))
            {
                var check = problem.Check switch
                {
                    ExactAnswerCheck => "exact answer",
                    PythonTestsCheck tests => $"python, {tests.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s",
                    _ => "?",
                };
                table.AddRow(
                    Shown(problem.Id),
                    problem.Difficulty.ToString(CultureInfo.InvariantCulture),
                    problem.ReleaseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
                    check,
                    Shown(Shorten(problem.Prompt)),
                    Shown(Shorten(problem.Reference ?? "")));
            }

            TableConsole.For(Console.Out).Write(table);
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

    // Text from a suite file is escaped (control characters, then Spectre's markup), never shown raw.
    private static string Shown(string text) => Markup.Escape(TerminalText.Escape(text));

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings("⏎");
        return oneLine.Length <= 60 ? oneLine : oneLine[..57] + "...";
    }
}
