using Assay.Core;
using Assay.Testing;

namespace Assay.Suites.Tests;

public sealed class SuiteFileTests
{
    private static string DataPath(string file) => Path.Combine(RepositoryPaths.HumanEval, file);

    [Fact]
    public void HumanEval_loads_all_164_problems_with_tests_and_references()
    {
        var problems = SuiteFile.Load(DataPath("HumanEval.jsonl.gz"));

        Assert.Equal(164, problems.Count);
        Assert.All(problems, p => Assert.Equal("HumanEval", p.Suite));
        var first = problems[0];
        Assert.Equal("HumanEval/0", first.Id);
        var check = Assert.IsType<PythonTestsCheck>(first.Check);
        Assert.Equal("has_close_elements", check.EntryPoint);
        Assert.Equal(3.0, check.TimeoutSeconds);
        Assert.Contains("def check(candidate)", check.Test, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(first.Reference));
    }

    [Fact]
    public void Line_that_is_not_json_is_named_by_file_and_line()
    {
        using var file = new TempFile("bad.jsonl", "{\"task_id\":\"a\",\"prompt\":\"p\",\"answer\":\"1\"}\n\n{oops\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:3: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_field_is_named_with_file_and_line()
    {
        using var file = new TempFile("missing.jsonl", "{\"task_id\":\"a\",\"prompt\":\"p\",\"entry_point\":\"f\"}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.Equal($"{file.Path}:1: missing field 'test'", error.Message);
    }

    [Fact]
    public void Field_of_wrong_type_is_named()
    {
        using var file = new TempFile("type.jsonl", "{\"task_id\":7,\"prompt\":\"p\",\"answer\":\"1\"}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.Equal($"{file.Path}:1: field 'task_id' must be a string, found Number", error.Message);
    }

    [Fact]
    public void Repeated_task_id_is_an_error_naming_both_lines()
    {
        const string line = "{\"task_id\":\"a\",\"prompt\":\"p\",\"answer\":\"1\"}\n";
        using var file = new TempFile("dup.jsonl", line + line);

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.Equal($"{file.Path}:2: field 'task_id': 'a' already used on line 1", error.Message);
    }

    [Fact]
    public void Corrupt_gzip_is_a_clear_error()
    {
        using var file = new TempFile("broken.jsonl.gz", "this is not gzip");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.Contains("corrupt gzip data", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(file.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_for_unknown_tasks_are_rejected_with_their_line()
    {
        using var file = new TempFile("s.jsonl", "{\"task_id\":\"a\",\"completion\":\"x\"}\n{\"task_id\":\"zz\",\"completion\":\"y\"}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SampleFile.Load(file.Path, new HashSet<string> { "a" }));

        Assert.Equal($"{file.Path}:2: field 'task_id': 'zz' is not a problem of the suite", error.Message);
    }

    [Fact]
    public void Real_samples_file_has_100_samples_per_humaneval_problem()
    {
        var samples = SampleFile.Load(DataPath("codegen16b-samples.jsonl.gz"));

        Assert.Equal(16_400, samples.Count);
        Assert.All(samples.GroupBy(s => s.TaskId), g => Assert.Equal(100, g.Count()));
    }

    [Fact]
    public void Entry_points_make_an_mbpp_style_problem_whose_test_calls_them_by_name()
    {
        using var file = new TempFile("mbpp.jsonl",
            "{\"task_id\":\"mbpp/11\",\"prompt\":\"# remove\\n\",\"test\":\"assert remove_Occ('hello','l') == 'heo'\",\"entry_points\":[\"remove_Occ\",\"helper\"]}\n");

        var check = Assert.IsType<PythonTestsCheck>(Assert.Single(SuiteFile.Load(file.Path)).Check);

        Assert.False(check.CallsCheck);
        Assert.Equal(["remove_Occ", "helper"], check.EntryPoints);
    }

    [Fact]
    public void A_builtin_declared_as_an_entry_point_is_refused_with_file_and_line()
    {
        using var file = new TempFile("builtin.jsonl",
            "{\"task_id\":\"x\",\"prompt\":\"#\\n\",\"test\":\"assert len('a') == 1\",\"entry_points\":[\"len\"]}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:1: field 'entry_points': 'len' is a Python builtin", error.Message, StringComparison.Ordinal);
    }
}
