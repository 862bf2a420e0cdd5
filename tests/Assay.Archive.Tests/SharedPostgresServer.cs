namespace Assay.Archive.Tests;

/// <summary>The tests that share one real PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgresServer : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
