using System.Text.Json;
using Assay.Core;

namespace Assay.Cli;

/// <summary>Writes human-eval's results file: each sample line with <c>passed</c> and <c>result</c> added.</summary>
internal static class VerifyResults
{
    public static async Task WriteAsync(string path, IReadOnlyList<Candidate> candidates, IReadOnlyList<Verdict> verdicts, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(path);
        await using (writer.ConfigureAwait(false))
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var line = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["task_id"] = candidates[i].Problem.Id,
                    ["completion"] = candidates[i].Completion,
                    ["result"] = verdicts[i].Detail,
                    ["passed"] = verdicts[i].Passed,
                });
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
