using System.Text.Json.Serialization;

namespace Assay.Suites;

/// <summary>
/// One entry of <c>data/suites.json</c>: a suite file shipped inside Assay, named like a generator
/// (<c>--suite humaneval</c>), with where it comes from. Adding an MBPP-style suite is a JSONL(.gz) file under
/// <c>data/</c> (with <c>entry_points</c> per line) and an entry here: no code changes.
/// </summary>
/// <param name="Name">The suite's name on the command line.</param>
/// <param name="File">The file's path under <c>data/</c>.</param>
/// <param name="Description">One line about what the problems are.</param>
/// <param name="Source">Where the file comes from: repository and paper.</param>
/// <param name="Licence">Its licence and copyright holder.</param>
/// <param name="ReleaseDate">When the problems were published; the default of lines without <c>release_date</c>.</param>
public sealed record BundledSuite(
    string Name,
    string File,
    string Description,
    string Source,
    string Licence,
    [property: JsonPropertyName("release_date")] DateOnly? ReleaseDate)
{
    /// <summary>Where the suite comes from, in one line.</summary>
    public string Origin =>
        $"bundled file data/{File}; {Source}; {Licence}" + (ReleaseDate is { } date ? $"; released {date:yyyy-MM-dd}" : "");
}
