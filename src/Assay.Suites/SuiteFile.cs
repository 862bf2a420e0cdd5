using System.Globalization;
using System.Text.Json;
using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// Loads a suite from JSONL or JSONL.gz in HumanEval's format (<c>task_id</c>, <c>prompt</c>, <c>entry_point</c>,
/// <c>test</c>, <c>canonical_solution</c>). A line with an <c>answer</c> field instead of <c>test</c> is an
/// exact-answer problem (the generated suites write those). Optional: <c>suite</c> (default: the file's name),
/// <c>difficulty</c>, <c>timeout</c> (seconds, from <see cref="MinTimeoutSeconds"/> to <see cref="MaxTimeoutSeconds"/>),
/// <c>release_date</c> (<c>yyyy-MM-dd</c>), and <c>entry_points</c> for MBPP-style tests that call functions by name.
/// </summary>
public static class SuiteFile
{
    /// <summary>HumanEval's reference harness gives each program 3 seconds.</summary>
    public const double DefaultTimeoutSeconds = 3.0;

    /// <summary>The shortest timeout a suite may set: below it the sandbox's own round trip would decide the verdict.</summary>
    public const double MinTimeoutSeconds = 0.1;

    /// <summary>The longest timeout a suite may set: an hour per program is already far past any benchmark's; more is a typo.</summary>
    public const double MaxTimeoutSeconds = 3600;

    /// <summary>Loads every problem of the file; the suite is named after the file.</summary>
    /// <exception cref="SuiteFormatException">A line is not JSON, lacks a field, or repeats a task id.</exception>
    public static IReadOnlyList<Problem> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Load(JsonLines.Read(path), path, SuiteName(path), releaseDate: null);
    }

    /// <summary>Loads a suite from a stream (a bundled resource); <paramref name="name"/> is what errors call it, and
    /// <paramref name="releaseDate"/> the date of problems whose line has no <c>release_date</c>.</summary>
    internal static IReadOnlyList<Problem> Load(Func<Stream> open, string name, bool gzip, string suite, DateOnly? releaseDate) =>
        Load(JsonLines.Read(open, name, gzip), name, suite, releaseDate);

    private static List<Problem> Load(IEnumerable<(int Line, JsonElement Value)> lines, string path, string suite, DateOnly? releaseDate)
    {
        var problems = new List<Problem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, value) in lines)
        {
            var problem = Parse(value, suite, path, line);
            if (problem.ReleaseDate is null && releaseDate is not null)
            {
                problem = problem with { ReleaseDate = releaseDate };
            }

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
            var timeout = Timeout(value, path, line) ?? DefaultTimeoutSeconds;
            var entryPoints = EntryPoints(value, path, line);
            if (entryPoints is null)
            {
                var entryPoint = JsonLines.RequiredString(value, "entry_point", path, line);
                if (PythonIdentifier.Problem(entryPoint) is { } problem)
                {
                    throw SuiteFormatException.At(path, line, $"field 'entry_point': {JsonSerializer.Serialize(entryPoint)} {problem}");
                }

                check = new PythonTestsCheck(test, entryPoint, timeout);
            }
            else
            {
                // MBPP's shape: the test's statements call the named functions themselves (no check()).
                check = new PythonTestsCheck(test, entryPoints[0], timeout) { OtherEntryPoints = entryPoints[1..], CallsCheck = false };
            }
        }

        return new Problem(id, suite, prompt, check, reference, difficulty) { ReleaseDate = ReleaseDate(value, path, line) };
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
            if (item.ValueKind != JsonValueKind.String || PythonIdentifier.Problem(name) is not null)
            {
                var why = item.ValueKind == JsonValueKind.String ? PythonIdentifier.Problem(name) : "is not a string";
                throw SuiteFormatException.At(path, line, $"field 'entry_points': {item.GetRawText()} {why}");
            }

            if (PythonBuiltins.Contains(name))
            {
                throw SuiteFormatException.At(path, line, $"field 'entry_points': '{name}' is a Python builtin; the tests' builtins are never the candidate's");
            }

            names.Add(name);
        }

        return [.. names];
    }

    private static int? OptionalInt(JsonElement value, string name, string path, int line) =>
        value.TryGetProperty(name, out var field) && field.ValueKind != JsonValueKind.Null
            ? field.ValueKind == JsonValueKind.Number && field.TryGetInt32(out var number)
                ? number
                : throw SuiteFormatException.At(path, line, $"field '{name}' must be an integer, found {field.GetRawText()}")
            : null;

    private static double? Timeout(JsonElement value, string path, int line)
    {
        if (!value.TryGetProperty("timeout", out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // JSON numbers past double's range read as infinity, so the range check also refuses 1e400.
        return field.ValueKind == JsonValueKind.Number && field.TryGetDouble(out var seconds) && seconds is >= MinTimeoutSeconds and <= MaxTimeoutSeconds
            ? seconds
            : throw SuiteFormatException.At(path, line, string.Create(CultureInfo.InvariantCulture,
                $"field 'timeout' must be a number of seconds from {MinTimeoutSeconds} to {MaxTimeoutSeconds}, found {field.GetRawText()}"));
    }

    private static DateOnly? ReleaseDate(JsonElement value, string path, int line) =>
        JsonLines.OptionalString(value, "release_date", path, line) is not { } text
            ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw SuiteFormatException.At(path, line, $"field 'release_date' must be a date as yyyy-MM-dd, found {JsonSerializer.Serialize(text)}");
}
