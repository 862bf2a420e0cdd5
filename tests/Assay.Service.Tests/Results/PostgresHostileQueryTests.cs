namespace Assay.Service.Tests.Results;

/// <summary>The hostile-query tests on a real PostgreSQL, whose text type refuses NUL and whose parser differs from SQLite's.</summary>
[Collection(ServicePostgres.Name)]
public sealed class PostgresHostileQueryTests(ServicePostgres postgres) : HostileQueryTests
{
    protected override async Task<string?> PostgresAsync() => await postgres.NewDatabaseAsync();
}
