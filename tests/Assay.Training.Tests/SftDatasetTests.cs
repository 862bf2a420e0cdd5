namespace Assay.Training.Tests;

public sealed class SftDatasetTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Chat_messages_and_prompt_completion_lines_both_read_as_prompt_answer_pairs()
    {
        File.WriteAllLines(_path,
        [
            """{"id":"r1","messages":[{"role":"user","content":"2+2="},{"role":"assistant","content":"4"}],"reward":1}""",
            "",
            """{"prompt":"reverse ab","completion":"ba","system":null}""",
        ]);

        var examples = SftDataset.Read(_path);

        Assert.Equal([("2+2=", "4"), ("reverse ab", "ba")], examples.Select(e => (e.Prompt, e.Answer)));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}""", "system turn")]
    [InlineData("""{"messages":[{"role":"user","content":"q"}]}""", "no assistant message")]
    [InlineData("""{"text":"q"}""", "expected 'messages'")]
    [InlineData("""{"prompt":""", "")]
    public void A_line_nano_cannot_train_on_is_refused_by_file_and_line(string line, string reason)
    {
        File.WriteAllLines(_path, ["""{"prompt":"a","completion":"b"}""", line]);

        var refused = Assert.Throws<FormatException>(() => SftDataset.Read(_path));

        Assert.StartsWith($"{_path}:2: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }
}
