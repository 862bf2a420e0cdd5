using System.Globalization;
using System.Text.Json;
using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// Loads a suite from JSONL or JSONL.gz in HumanEval's format (<c>task_id</c>, <c>prompt</c>, <c>entry_point</c>,
/// <c>test</c>, <c>canonical_solution</c>). A line with an <c>answer</c> field instead of <c>test</c> is an
/// exact-answer problem (the generated suites write those). Optional: <c>suite</c> (default: the file's name),
/// <c>difficulty</c>, <c>timeout</c>.
/// </summary>
public static class SuiteFile
{
    /// <summary>HumanEval's reference harness gives each program 3 seconds.</summary>
    public const double DefaultTimeoutSeconds = 3.0;

    /// <summary>Loads every problem of the file; the suite is named after the file.</summary>
    /// <exception cref="SuiteFormatException">A line is not JSON, lacks a field, or repeats a task id.</exception>
    public static IReadOnlyList<Problem> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var suite = SuiteName(path);
        var problems = new List<Problem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, value) in JsonLines.Read(path))
        {
            var problem = Parse(value, suite, path, line);
            if (!seen.TryAdd(problem.Id, line))
            {
                throw SuiteFormatException.At(path, line, $"field 'task_id': '{problem.Id}' already used on line {seen[problem.Id]}");
            }

            problems.Add(problem);
        }

        if (problems.Count == 0)
        {
            throw new SuiteFormatException($"{path}: the file holds no problems");
        }

        return problems;
    }

    /// <summary>The suite name a file gets: its name without <c>.jsonl</c> / <c>.jsonl.gz</c>.</summary>
    public static string SuiteName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".gz", ".jsonl", ".json" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^suffix.Length];
            }
        }

        return name;
    }

    private static Problem Parse(JsonElement value, string suite, string path, int line)
    {
        var id = JsonLines.RequiredString(value, "task_id", path, line);
        var prompt = JsonLines.RequiredString(value, "prompt", path, line);
        var reference = JsonLines.OptionalString(value, "canonical_solution", path, line);
        var difficulty = OptionalInt(value, "difficulty", path, line) ?? 0;
        suite = JsonLines.OptionalString(value, "suite", path, line) ?? suite;
        var answer = JsonLines.OptionalString(value, "answer", path, line);
        ProblemCheck check;
        if (answer is not null)
        {
            check = new ExactAnswerCheck(answer);
            reference ??= answer;
        }
        else
        {
            var test = JsonLines.RequiredString(value, "test", path, line);
            var timeout = OptionalDouble(value, "timeout", path, line) ?? DefaultTimeoutSeconds;
            var entryPoints = EntryPoints(value, path, line);
            if (entryPoints is null)
            {
                var entryPoint = JsonLines.RequiredString(value, "entry_point", path, line);
                if (!IsPythonIdentifier(entryPoint))
                {
                    throw SuiteFormatException.At(path, line, $"field 'entry_point': '{entryPoint}' is not a Python identifier");
                }

                check = new PythonTestsCheck(test, entryPoint, timeout);
            }
            else
            {
                // MBPP's shape: the test's statements call the named functions themselves (no check()).
                check = new PythonTestsCheck(test, entryPoints[0], timeout) { OtherEntryPoints = entryPoints[1..], CallsCheck = false };
            }
        }

        return new Problem(id, suite, prompt, check, reference, difficulty);
    }

    /// <summary>The optional <c>entry_points</c> field: the names of the candidate's functions an MBPP-style test calls
    /// by name; only these become proxies to the candidate, never builtins or the prompt's or the tests' other names.</summary>
    private static string[]? EntryPoints(JsonElement value, string path, int line)
    {
        if (!value.TryGetProperty("entry_points", out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.Array || field.GetArrayLength() == 0)
        {
            throw SuiteFormatException.At(path, line, "field 'entry_points' must be a non-empty array of function names");
        }

        var names = new List<string>();
        foreach (var item in field.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : "";
            if (!IsPythonIdentifier(name))
            {
                throw SuiteFormatException.At(path, line, $"field 'entry_points': {item} is not a Python identifier");
            }

            if (PythonBuiltins.Contains(name))
            {
                throw SuiteFormatException.At(path, line, $"field 'entry_points': '{name}' is a Python builtin; the tests' builtins are never the candidate's");
            }

            names.Add(name);
        }

        return [.. names];
    }

    private static bool IsPythonIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => c == '_' || char.IsLetterOrDigit(c));

    private static int? OptionalInt(JsonElement value, string name, string path, int line) =>
        value.TryGetProperty(name, out var field) && field.ValueKind != JsonValueKind.Null
            ? field.ValueKind == JsonValueKind.Number && field.TryGetInt32(out var number)
                ? number
                : throw SuiteFormatException.At(path, line, $"field '{name}' must be an integer, found {field}")
            : null;

    private static double? OptionalDouble(JsonElement value, string name, string path, int line) =>
        value.TryGetProperty(name, out var field) && field.ValueKind != JsonValueKind.Null
            ? field.ValueKind == JsonValueKind.Number && field.GetDouble() > 0
                ? field.GetDouble()
                : throw SuiteFormatException.At(path, line, $"field '{name}' must be a positive number, found {field.ToString().ToString(CultureInfo.InvariantCulture)}")
            : null;
}
