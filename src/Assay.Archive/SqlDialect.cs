namespace Assay.Archive;

/// <summary>The two SQL engines the archive speaks; they share one schema and differ only where noted.</summary>
internal enum SqlDialect
{
    Sqlite,
    Postgres,
}
