using System.Globalization;
using Assay.Core;

namespace Assay.Archive;

/// <summary>A <c>campaign_problems</c> row (migration 8) as Dapper writes and reads it (column aliases match the property names).</summary>
internal sealed class ProblemRow
{
    private const string ExactAnswer = "exact_answer";
    private const string PythonTests = "python_tests";
    private const string DateFormat = "yyyy-MM-dd";

    public string CampaignId { get; set; } = "";
    public string ProblemId { get; set; } = "";
    public int Ordinal { get; set; }
    public string Suite { get; set; } = "";
    public string Prompt { get; set; } = "";
    public string CheckKind { get; set; } = "";
    public string? Answer { get; set; }
    public string? Test { get; set; }
    public string? EntryPoint { get; set; }
    /// <summary>A JSON array of every entry point.</summary>
    public string? EntryPoints { get; set; }
    public int? CallsCheck { get; set; }
    public double? TimeoutSeconds { get; set; }
    public string? Reference { get; set; }
    public int Difficulty { get; set; }
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public string? ReleaseDate { get; set; }

    public const string SelectColumns =
        "campaign_id AS CampaignId, problem_id AS ProblemId, ordinal AS Ordinal, suite AS Suite, prompt AS Prompt, check_kind AS CheckKind, " +
        "answer AS Answer, test AS Test, entry_point AS EntryPoint, entry_points AS EntryPoints, calls_check AS CallsCheck, " +
        "timeout_seconds AS TimeoutSeconds, reference AS Reference, difficulty AS Difficulty, release_date AS ReleaseDate";

    public const string Insert =
        "INSERT INTO campaign_problems (campaign_id, problem_id, ordinal, suite, prompt, check_kind, answer, test, entry_point, entry_points, " +
        "calls_check, timeout_seconds, reference, difficulty, release_date) " +
        "VALUES (@CampaignId, @ProblemId, @Ordinal, @Suite, @Prompt, @CheckKind, @Answer, @Test, @EntryPoint, @EntryPoints, " +
        "@CallsCheck, @TimeoutSeconds, @Reference, @Difficulty, @ReleaseDate) " +
        "ON CONFLICT DO NOTHING";

    /// <summary>The row of the <paramref name="ordinal"/>-th problem <paramref name="campaignId"/> runs.</summary>
    public static ProblemRow From(string campaignId, int ordinal, Problem problem)
    {
        var row = new ProblemRow
        {
            CampaignId = campaignId,
            ProblemId = problem.Id,
            Ordinal = ordinal,
            Suite = problem.Suite,
            Prompt = problem.Prompt,
            Reference = problem.Reference,
            Difficulty = problem.Difficulty,
            ReleaseDate = problem.ReleaseDate?.ToString(DateFormat, CultureInfo.InvariantCulture),
        };
        switch (problem.Check)
        {
            case ExactAnswerCheck exact:
                row.CheckKind = ExactAnswer;
                row.Answer = exact.Expected;
                break;
            case PythonTestsCheck tests:
                row.CheckKind = PythonTests;
                row.Test = tests.Test;
                row.EntryPoint = tests.EntryPoint;
                row.EntryPoints = JsonStringArray.Write(tests.EntryPoints);
                row.CallsCheck = tests.CallsCheck ? 1 : 0;
                row.TimeoutSeconds = tests.TimeoutSeconds;
                break;
            default:
                throw new ArgumentException($"Problem {problem.Id}: no archive column spells a {problem.Check.GetType().Name}.", nameof(problem));
        }

        return row;
    }

    public Problem ToProblem() => new(ProblemId, Suite, Prompt, ToCheck(), Reference, Difficulty)
    {
        ReleaseDate = ReleaseDate is null ? null : DateOnly.ParseExact(ReleaseDate, DateFormat, CultureInfo.InvariantCulture),
    };

    private ProblemCheck ToCheck()
    {
        var where = $"Campaign {CampaignId}, problem {ProblemId}: column";
        switch (CheckKind)
        {
            case ExactAnswer:
                return new ExactAnswerCheck(Answer ?? throw new InvalidDataException($"{where} answer is NULL."));
            case PythonTests:
                var entryPoints = JsonStringArray.Read(EntryPoints ?? throw new InvalidDataException($"{where} entry_points is NULL."), $"{where} entry_points");
                return new PythonTestsCheck(
                    Test ?? throw new InvalidDataException($"{where} test is NULL."),
                    EntryPoint ?? throw new InvalidDataException($"{where} entry_point is NULL."),
                    TimeoutSeconds ?? throw new InvalidDataException($"{where} timeout_seconds is NULL."))
                {
                    OtherEntryPoints = [.. entryPoints.Skip(1)],
                    CallsCheck = CallsCheck != 0,
                };
            default:
                throw new InvalidDataException($"{where} check_kind holds unknown value '{CheckKind}'.");
        }
    }
}
