using Assay.Archive.Tests;

namespace Assay.Service.Tests.Results;

/// <summary>One real PostgreSQL server for the results tests; each test gets its own database.</summary>
public sealed class ServicePostgres : IAsyncLifetime
{
    public const string Name = "results-postgres";

    private TemporaryPostgres? _server;
    private int _databases;

    /// <summary>A connection string to a fresh, empty database (ICU collation, as a production database would have).</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"results_{Interlocked.Increment(ref _databases)}";
        await _server!.CreateDatabaseAsync(name, "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
        return _server.ConnectionString(name);
    }

    public async Task InitializeAsync() => _server = await TemporaryPostgres.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
