namespace Assay.Service.Tests.Results;

/// <summary>The same dataset tests, the publication's queries run on a real PostgreSQL.</summary>
[Collection(ServicePostgres.Name)]
public sealed class PostgresDatasetVisibilityTests(ServicePostgres postgres) : DatasetVisibilityTests
{
    protected override async Task<string?> PostgresAsync() => await postgres.NewDatabaseAsync();
}
