namespace Assay.Service.Tests.Results;

/// <summary>The same visibility tests, every query run on a real PostgreSQL.</summary>
[Collection(ServicePostgres.Name)]
public sealed class PostgresVisibilityTests(ServicePostgres postgres) : VisibilityTests
{
    protected override async Task<string?> PostgresAsync() => await postgres.NewDatabaseAsync();
}
