namespace Assay.Archive.Tests;

/// <summary>One PostgreSQL server for every test in the <c>postgres</c> collection; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private TemporaryPostgres? _server;
    private int _databases;

    /// <summary>The running server.</summary>
    public TemporaryPostgres Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    /// <summary>
    /// A fresh, empty database's name. It sorts text by ICU's English rules ("a" before "B"), as a typical
    /// production database does, so tests notice a query that leans on the cluster's byte-wise "C" locale.
    /// </summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        await Server.CreateDatabaseAsync(name, "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
        return name;
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
