using System.Globalization;
using System.Text.Json;
using Assay.Core;

namespace Assay.Suites;

/// <summary>Writes problems as JSONL in HumanEval's field names, readable again by <see cref="SuiteFile"/>.</summary>
public static class SuiteWriter
{
    /// <summary>Writes one JSON object per problem to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, IEnumerable<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var problem in problems)
        {
            var fields = new Dictionary<string, object?>
            {
                ["task_id"] = problem.Id,
                ["suite"] = problem.Suite,
                ["prompt"] = problem.Prompt,
                ["difficulty"] = problem.Difficulty,
            };
            if (problem.ReleaseDate is { } released)
            {
                fields["release_date"] = released.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            switch (problem.Check)
            {
                case ExactAnswerCheck exact:
                    fields["answer"] = exact.Expected;
                    break;
                case PythonTestsCheck tests:
                    fields["entry_point"] = tests.EntryPoint;
                    if (!tests.CallsCheck)
                    {
                        fields["entry_points"] = tests.EntryPoints;
                    }

                    fields["test"] = tests.Test;
                    fields["canonical_solution"] = problem.Reference;
                    fields["timeout"] = tests.TimeoutSeconds;
                    break;
            }

            output.WriteLine(JsonSerializer.Serialize(fields));
        }
    }
}
