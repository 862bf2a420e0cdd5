namespace Assay.Archive;

/// <summary>One numbered schema change: the SQL a dialect runs to move the schema to <paramref name="Version"/>.</summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="Name">The rest of the file name, e.g. <c>initial</c>.</param>
/// <param name="Sql">Plain SQL, run as one script inside the migration's transaction.</param>
internal sealed record Migration(int Version, string Name, string Sql);
