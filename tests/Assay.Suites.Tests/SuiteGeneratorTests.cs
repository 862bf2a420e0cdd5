using Assay.Core;

namespace Assay.Suites.Tests;

public sealed class SuiteGeneratorTests
{
    [Fact]
    public void Same_seed_gives_the_same_problems_and_another_seed_different_ones()
    {
        foreach (var generator in SuiteCatalog.Generators)
        {
            var first = generator.Generate(20, 2, seed: 5);
            var again = generator.Generate(20, 2, seed: 5);
            var other = generator.Generate(20, 2, seed: 6);

            Assert.Equal(first, again);
            Assert.NotEqual(first.Select(p => p.Prompt), other.Select(p => p.Prompt));
        }
    }

    [Fact]
    public void Arithmetic_answers_are_correct()
    {
        foreach (var problem in new ArithmeticGenerator().Generate(200, 4, seed: 1))
        {
            var expression = problem.Prompt.TrimEnd('=');
            var op = expression.Contains('+', StringComparison.Ordinal) ? '+' : '*';
            var parts = expression.Split(op).Select(long.Parse).ToArray();
            var expected = op == '+' ? parts[0] + parts[1] : parts[0] * parts[1];
            Assert.Equal(expected.ToString(), Assert.IsType<ExactAnswerCheck>(problem.Check).Expected);
            Assert.Equal(4, parts[0].ToString().Length);
        }
    }

    [Fact]
    public void String_answers_are_correct()
    {
        foreach (var problem in new StringTaskGenerator().Generate(200, 3, seed: 1))
        {
            var answer = Assert.IsType<ExactAnswerCheck>(problem.Check).Expected;
            var word = problem.Prompt[(problem.Prompt.IndexOf(':', StringComparison.Ordinal) + 1)..];
            Assert.Equal(5, word.Length);
            var expected = problem.Prompt.Split(':')[0] switch
            {
                "reverse" => new string(word.Reverse().ToArray()),
                "sort" => new string(word.Order().ToArray()),
                "upper" => word.ToUpperInvariant(),
                var count => word.Count(c => c == count[^1]).ToString(),
            };
            Assert.Equal(expected, answer);
        }
    }

    [Fact]
    public void Difficulty_out_of_range_is_rejected_with_the_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FunctionSynthesisGenerator().Generate(1, 9, 0));

        Assert.Contains("between 1 and 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_suite_reads_back_identically()
    {
        var problems = SuiteCatalog.Resolve(SuiteCatalog.Bundled);
        var directory = Directory.CreateTempSubdirectory("assay-suite-");
        try
        {
            var path = Path.Combine(directory.FullName, "generated.jsonl");
            using (var writer = new StreamWriter(path))
            {
                SuiteWriter.Write(writer, problems);
            }

            Assert.Equal(problems, SuiteFile.Load(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_suite_name_lists_the_known_ones()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SuiteCatalog.Resolve("nope"));

        Assert.Contains("generated, arithmetic, strings, functions", error.Message, StringComparison.Ordinal);
    }
}
