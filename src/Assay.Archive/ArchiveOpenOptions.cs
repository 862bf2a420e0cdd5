namespace Assay.Archive;

/// <summary>How an archive is opened.</summary>
/// <param name="ReadOnly">Read without changing anything: no migration, no journal-mode switch, no table created; an
/// archive that is not at this build's schema is refused (<see cref="ArchiveSchemaException"/>). What reports use.</param>
/// <param name="AllowOtherTables">Create Assay's tables in a database that already holds tables of its own (refused
/// otherwise, so a mistaken <c>--db</c> never turns someone's database into an archive).</param>
public sealed record ArchiveOpenOptions(bool ReadOnly = false, bool AllowOtherTables = false)
{
    /// <summary>Open to write, migrating to this build's schema: what a campaign does.</summary>
    public static ArchiveOpenOptions Write { get; } = new();

    /// <summary>Open to read only.</summary>
    public static ArchiveOpenOptions Read { get; } = new(ReadOnly: true);
}
