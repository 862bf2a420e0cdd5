using Assay.Core;

namespace Assay.Rollouts.Tests;

public sealed class AnswerExtractorTests
{
    private static readonly Problem Code = new("t/0", "t", "def f(x):\n", new PythonTestsCheck("def check(c): pass", "f"));
    private static readonly Problem Exact = new("a/0", "a", "2+2?", new ExactAnswerCheck("4"));

    [Fact]
    public void Python_fence_is_preferred_over_an_earlier_plain_fence()
    {
        var text = "Here:\n```text\nnot code\n```\nand\n```python\ndef f(x):\n    return x\n```\nDone.";
        Assert.Equal("def f(x):\n    return x\n", AnswerExtractor.Extract(Code, text));
    }

    [Fact]
    public void Plain_fence_is_used_when_there_is_no_python_fence()
    {
        Assert.Equal("return 1\n", AnswerExtractor.Extract(Code, "```\nreturn 1\n```"));
    }

    [Fact]
    public void Unclosed_fence_yields_the_code_written_before_the_cut()
    {
        Assert.Equal("def f(x):\n    return\n", AnswerExtractor.Extract(Code, "```python\ndef f(x):\n    return\n"));
    }

    [Fact]
    public void Code_without_fences_is_taken_whole()
    {
        Assert.Equal("    return x\n", AnswerExtractor.Extract(Code, "    return x\n"));
    }

    [Fact]
    public void Exact_answer_is_the_trimmed_text_even_with_fences()
    {
        Assert.Equal("4", AnswerExtractor.Extract(Exact, "  4\n"));
        Assert.Equal("```\n4\n```", AnswerExtractor.Extract(Exact, "```\n4\n```\n"));
    }
}
