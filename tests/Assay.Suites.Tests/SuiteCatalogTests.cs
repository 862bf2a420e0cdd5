using Assay.Core;
using Assay.Testing;

namespace Assay.Suites.Tests;

public sealed class SuiteCatalogTests
{
    [Fact]
    public void Humaneval_is_a_built_in_suite_equal_to_the_vendored_file_and_dated_2021_07_07()
    {
        var builtIn = SuiteCatalog.Resolve("humaneval");
        var vendored = SuiteFile.Load(Path.Combine(RepositoryPaths.Root, "data", "humaneval", "HumanEval.jsonl.gz"));

        Assert.Equal(164, builtIn.Count);
        Assert.All(builtIn, p => Assert.Equal(new DateOnly(2021, 7, 7), p.ReleaseDate));
        Assert.Equal(vendored, builtIn.Select(p => p with { ReleaseDate = null }));
        Assert.Equal("HumanEval", builtIn[0].Suite);
    }

    [Fact]
    public void Every_catalogue_entry_loads_and_says_where_it_comes_from()
    {
        Assert.NotEmpty(SuiteCatalog.BundledSuites);
        foreach (var suite in SuiteCatalog.BundledSuites)
        {
            Assert.NotEmpty(SuiteCatalog.Load(suite));
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "data", suite.File)), suite.File);
            Assert.False(string.IsNullOrWhiteSpace(suite.Description));
            Assert.False(string.IsNullOrWhiteSpace(suite.Source));
            Assert.False(string.IsNullOrWhiteSpace(suite.Licence));
            Assert.Contains($"data/{suite.File}", suite.Origin, StringComparison.Ordinal);
            Assert.Null(SuiteCatalog.FindGenerator(suite.Name));
            Assert.NotEqual(SuiteCatalog.Bundled, suite.Name, StringComparer.OrdinalIgnoreCase);
        }

        Assert.Equal(SuiteCatalog.BundledSuites.Count, SuiteCatalog.BundledSuites.Select(s => s.Name.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void Humaneval_resolves_by_name_in_any_case()
    {
        Assert.Same(SuiteCatalog.FindBundled("humaneval"), SuiteCatalog.FindBundled("HumanEval"));
        Assert.Equal(164, SuiteCatalog.Resolve("HUMANEVAL").Count);
    }

    [Fact]
    public void A_release_date_is_read_from_the_line_and_written_back()
    {
        using var file = new TempFile("dated.jsonl",
            "{\"task_id\":\"a\",\"prompt\":\"p\",\"answer\":\"1\",\"release_date\":\"2024-05-01\"}\n{\"task_id\":\"b\",\"prompt\":\"p\",\"answer\":\"2\"}\n");

        var problems = SuiteFile.Load(file.Path);
        var written = new StringWriter();
        SuiteWriter.Write(written, problems);
        using var again = new TempFile("again.jsonl", written.ToString());

        Assert.Equal(new DateOnly(2024, 5, 1), problems[0].ReleaseDate);
        Assert.Null(problems[1].ReleaseDate);
        Assert.Equal(problems, SuiteFile.Load(again.Path));
        Assert.Contains("\"release_date\":\"2024-05-01\"", written.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"2024-13-01\"")]
    [InlineData("\"01/05/2024\"")]
    [InlineData("20240501")]
    public void A_release_date_that_is_not_a_date_is_an_error_naming_file_line_and_field(string date)
    {
        using var file = new TempFile("bad.jsonl", $"{{\"task_id\":\"a\",\"prompt\":\"p\",\"answer\":\"1\",\"release_date\":{date}}}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:1: field 'release_date' must", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_suite_names_list_the_bundled_ones_too()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SuiteCatalog.Resolve("mbpp-not-here"));

        Assert.Contains("humaneval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_without_a_release_date_is_undated()
    {
        Assert.All(SuiteCatalog.Resolve(SuiteCatalog.Bundled), (Problem p) => Assert.Null(p.ReleaseDate));
    }
}
