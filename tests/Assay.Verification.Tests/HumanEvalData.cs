using System.IO.Compression;
using System.Text.Json;

namespace Assay.Verification.Tests;

/// <summary>Paths to the real HumanEval data (the repository's <c>data/humaneval</c>) and
/// a reader for the reference verdicts.</summary>
internal static class HumanEvalData
{
    public static string Directory => Assay.Testing.RepositoryPaths.HumanEval;

    public static string Problems => Path.Combine(Directory, "HumanEval.jsonl.gz");

    public static string Samples => Path.Combine(Directory, "codegen16b-samples.jsonl.gz");

    public static string ReferenceVerdicts => Path.Combine(Directory, "codegen16b-reference-verdicts.jsonl.gz");

    /// <summary>human-eval's verdict per (task id, sample index): passed, and its <c>result</c> text.</summary>
    public static Dictionary<(string TaskId, int Index), (bool Passed, string Result)> LoadReferenceVerdicts()
    {
        var verdicts = new Dictionary<(string, int), (bool, string)>();
        using var file = File.OpenRead(ReferenceVerdicts);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            verdicts[(root.GetProperty("task_id").GetString()!, root.GetProperty("sample_index").GetInt32())] =
                (root.GetProperty("passed").GetBoolean(), root.GetProperty("result").GetString()!);
        }

        return verdicts;
    }
}
