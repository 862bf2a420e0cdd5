using System.IO.Compression;
using System.Text;
using Assay.Testing;

namespace Assay.Suites.Tests;

/// <summary>Bad files fed to the loaders: each is an error naming the file (and line and field where there is one),
/// never a smaller or silently repaired input.</summary>
public sealed class UntrustedInputTests
{
    private const string Answer = "{\"task_id\":\"t/1\",\"prompt\":\"p\",\"answer\":\"1\"}\n";

    private static string Lines(int count, string taskPrefix = "t/") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{{\"task_id\":\"{taskPrefix}{i}\",\"prompt\":\"p{i}\",\"answer\":\"{i}\",\"completion\":\"{i}\"}}\n"));

    private static (byte[] Whole, byte[] CutAtFlush) GzipWithFlush(string head, string tail) =>
        FlushCutGzip.Build(Encoding.UTF8.GetBytes(head), Encoding.UTF8.GetBytes(tail));

    [Fact]
    public void A_gzip_suite_cut_at_a_flush_boundary_is_refused_naming_the_file()
    {
        var (whole, cut) = GzipWithFlush(Lines(3), Lines(161, "u/"));
        using var complete = new TempFile("whole.jsonl.gz", whole);
        using var truncated = new TempFile("cut.jsonl.gz", cut);
        // The hazard: .NET's own decompressor reads the cut file as three whole lines, with no error.
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(truncated.Path), CompressionMode.Decompress)))
        {
            Assert.Equal(Lines(3), reader.ReadToEnd());
        }

        Assert.Equal(164, SuiteFile.Load(complete.Path).Count);
        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(truncated.Path));

        Assert.StartsWith($"{truncated.Path}: gzip data cut short or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_samples_file_cut_at_a_flush_boundary_is_refused_naming_the_file()
    {
        var (_, cut) = GzipWithFlush(Lines(2), Lines(3, "u/"));
        using var truncated = new TempFile("samples.jsonl.gz", cut);

        var error = Assert.Throws<SuiteFormatException>(() => SampleFile.Load(truncated.Path));

        Assert.StartsWith($"{truncated.Path}: gzip data cut short or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_a_completion_is_an_error_naming_file_line_and_field()
    {
        using var file = new TempFile("s.jsonl", "{\"task_id\":\"a\",\"completion\":\"1\"}\n{\"task_id\":\"a\",\"completion\":\"x\\ud800y\"}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SampleFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:2: field 'completion': not valid text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_low_surrogate_is_refused_too()
    {
        using var file = new TempFile("s.jsonl", "{\"task_id\":\"a\",\"completion\":\"x\\udc00\"}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SampleFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:1: field 'completion': not valid text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("1e7")]
    [InlineData("1e-9")]
    [InlineData("1e400")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("\"3\"")]
    public void A_timeout_outside_the_sane_range_is_an_error_naming_file_line_and_field(string timeout)
    {
        using var file = new TempFile("t.jsonl",
            Answer + $"{{\"task_id\":\"f\",\"prompt\":\"def f():\\n\",\"entry_point\":\"f\",\"test\":\"def check(c): pass\",\"timeout\":{timeout}}}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.Equal($"{file.Path}:2: field 'timeout' must be a number of seconds from 0.1 to 3600, found {timeout}", error.Message);
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("3600")]
    [InlineData("10")]
    public void A_timeout_inside_the_range_is_taken(string timeout)
    {
        using var file = new TempFile("t.jsonl",
            $"{{\"task_id\":\"f\",\"prompt\":\"def f():\\n\",\"entry_point\":\"f\",\"test\":\"def check(c): pass\",\"timeout\":{timeout}}}\n");

        var check = Assert.IsType<Core.PythonTestsCheck>(Assert.Single(SuiteFile.Load(file.Path)).Check);

        Assert.Equal(double.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture), check.TimeoutSeconds);
    }

    [Fact]
    public void Invalid_utf8_in_a_suite_is_an_error_naming_file_and_line()
    {
        var bytes = Encoding.UTF8.GetBytes(Answer + "{\"task_id\":\"t/2\",\"prompt\":\"caf").Concat(new byte[] { 0xE9 })
            .Concat(Encoding.UTF8.GetBytes("\",\"answer\":\"2\"}\n")).ToArray();
        using var file = new TempFile("latin1.jsonl", bytes);

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:2: not valid UTF-8 (byte 0xE9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_gzip_samples_file_is_an_error_naming_file_and_line()
    {
        var bytes = Encoding.UTF8.GetBytes(Lines(2) + "{\"task_id\":\"t/3\",\"completion\":\"").Concat(new byte[] { 0xFF, 0xFE })
            .Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        using var file = new TempFile("s.jsonl.gz", compressed.ToArray());

        var error = Assert.Throws<SuiteFormatException>(() => SampleFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:3: not valid UTF-8 (byte 0xFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_read_as_text_not_refused()
    {
        using var file = new TempFile("bom.jsonl", "\uFEFF" + Answer.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal("t/1", Assert.Single(SuiteFile.Load(file.Path)).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void An_empty_samples_file_is_an_error(string contents)
    {
        using var file = new TempFile("empty.jsonl", contents);

        var error = Assert.Throws<SuiteFormatException>(() => SampleFile.Load(file.Path));

        Assert.Equal($"{file.Path}: the file holds no samples", error.Message);
    }

    [Theory]
    [InlineData("1abc", "is not a Python identifier")]
    [InlineData("has-close", "is not a Python identifier")]
    [InlineData("f g", "is not a Python identifier")]
    [InlineData("def", "is a Python keyword")]
    [InlineData("", "is empty")]
    [InlineData("\uFF11abc", "is not an ASCII Python identifier")] // a full-width 1: NFKC makes it a leading digit
    [InlineData("\uFB01nd", "is not an ASCII Python identifier")]  // the ligature fi: Python would define "find"
    [InlineData("f\u200B", "is not an ASCII Python identifier")]   // a zero-width space
    public void An_entry_point_python_cannot_define_under_that_name_is_refused(string entryPoint, string why)
    {
        var escaped = System.Text.Json.JsonSerializer.Serialize(entryPoint);
        using var file = new TempFile("e.jsonl", $"{{\"task_id\":\"x\",\"prompt\":\"#\\n\",\"test\":\"def check(c): pass\",\"entry_point\":{escaped}}}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.StartsWith($"{file.Path}:1: field 'entry_point': {escaped} {why}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_points_item_python_cannot_define_is_refused()
    {
        using var file = new TempFile("e.jsonl", "{\"task_id\":\"x\",\"prompt\":\"#\\n\",\"test\":\"assert f() == 1\",\"entry_points\":[\"f\",\"2g\"]}\n");

        var error = Assert.Throws<SuiteFormatException>(() => SuiteFile.Load(file.Path));

        Assert.Equal($"{file.Path}:1: field 'entry_points': \"2g\" is not a Python identifier", error.Message);
    }
}
