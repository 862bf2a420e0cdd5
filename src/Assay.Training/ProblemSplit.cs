using System.Globalization;
using Assay.Core;
using Assay.Suites;

namespace Assay.Training;

/// <summary>
/// The training and held-out problems of a run: generated per (kind, difficulty) level from two different seeds, so
/// the held-out split is never trained on (and neither seed is the base model's data seed or the bundled suite's).
/// </summary>
/// <param name="Train">Problems rolled out and trained on.</param>
/// <param name="HeldOut">Problems only evaluated.</param>
public sealed record ProblemSplit(IReadOnlyList<Problem> Train, IReadOnlyList<Problem> HeldOut)
{
    /// <summary>The levels right above what nano's default base model solves (its measured frontier).</summary>
    public const string DefaultLevels = "arithmetic:2,strings:3,functions:3";

    /// <summary>Generates <paramref name="trainPerLevel"/> and <paramref name="heldOutPerLevel"/> problems of every level.</summary>
    public static ProblemSplit Generate(IReadOnlyList<(string Kind, int Difficulty)> levels, int trainPerLevel, int heldOutPerLevel, int seed)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var train = new List<Problem>();
        var heldOut = new List<Problem>();
        foreach (var (kind, difficulty) in levels)
        {
            var generator = SuiteCatalog.FindGenerator(kind) ?? throw new ArgumentException($"unknown generator kind '{kind}'");
            // Ids are kind/d/index within one seed: the seed goes into the id so the splits never share one.
            train.AddRange(generator.Generate(trainPerLevel, difficulty, unchecked(1_000_003 + seed)).Select(p => p with { Id = $"train{seed}/{p.Id}" }));
            heldOut.AddRange(generator.Generate(heldOutPerLevel, difficulty, unchecked(2_000_003 + seed)).Select(p => p with { Id = $"heldout{seed}/{p.Id}" }));
        }

        return new ProblemSplit(train, heldOut);
    }

    /// <summary>Parses <c>kind:difficulty,kind:difficulty</c>.</summary>
    /// <exception cref="FormatException">A level is not kind:difficulty, or its kind is not a generator.</exception>
    public static IReadOnlyList<(string Kind, int Difficulty)> ParseLevels(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var levels = new List<(string, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty) || difficulty < 1)
                throw new FormatException($"'{part}' is not kind:difficulty (e.g. strings:3)");
            var generator = SuiteCatalog.FindGenerator(pieces[0])
                ?? throw new FormatException($"'{pieces[0]}' is not a generator (one of {string.Join(", ", SuiteCatalog.Generators.Select(g => g.Kind))})");
            if (difficulty > generator.MaxDifficulty)
                throw new FormatException($"'{part}': {pieces[0]} goes up to difficulty {generator.MaxDifficulty}");
            levels.Add((pieces[0], difficulty));
        }

        return levels.Count > 0 ? levels : throw new FormatException("give at least one kind:difficulty");
    }
}
