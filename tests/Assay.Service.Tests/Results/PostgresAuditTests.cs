namespace Assay.Service.Tests.Results;

/// <summary>The same audit test on a real PostgreSQL, where a batch is written as one statement over arrays.</summary>
[Collection(ServicePostgres.Name)]
public sealed class PostgresAuditTests(ServicePostgres postgres) : AuditTests
{
    protected override async Task<string?> PostgresAsync() => await postgres.NewDatabaseAsync();
}
