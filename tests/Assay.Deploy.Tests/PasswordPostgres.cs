using Assay.Archive.Tests;
using Npgsql;

namespace Assay.Deploy.Tests;

/// <summary>
/// A throw-away PostgreSQL (<see cref="TemporaryPostgres"/>) that, like a real deployment's, demands a password
/// (scram-sha-256) from every TCP connection, so a worker connects only if its credentials reached it.
/// </summary>
internal sealed class PasswordPostgres : IAsyncDisposable
{
    /// <summary>The role and database the examples connect as and to.</summary>
    public const string Role = "assay";

    private readonly TemporaryPostgres _server;
    private string? _password;

    private PasswordPostgres(TemporaryPostgres server) => _server = server;

    public int Port => _server.Port;

    public static async Task<PasswordPostgres> StartAsync()
    {
        var postgres = new PasswordPostgres(await TemporaryPostgres.StartAsync());
        await postgres._server.CreateDatabaseAsync(Role);
        return postgres;
    }

    /// <summary>Sets the role's password; the first time, also turns password authentication on and waits until the
    /// server refuses a connection without one.</summary>
    public async Task RequirePasswordAsync(string password)
    {
        var builder = new NpgsqlConnectionStringBuilder(_server.ConnectionString("postgres")) { Password = _password, Pooling = false };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using (var alter = new NpgsqlCommand($"ALTER ROLE {Role} PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", connection))
            {
                await alter.ExecuteNonQueryAsync();
            }

            if (_password is null)
            {
                await using var show = new NpgsqlCommand("SHOW hba_file", connection);
                var hba = (string)(await show.ExecuteScalarAsync())!;
                await File.WriteAllTextAsync(hba, "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
                await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
                await reload.ExecuteScalarAsync();
            }
        }

        _password = password;
        var withoutPassword = new NpgsqlConnectionStringBuilder(_server.ConnectionString(Role)) { Pooling = false }.ConnectionString;
        for (var tries = 0; ; tries++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(withoutPassword);
                await connection.OpenAsync();
            }
            catch (NpgsqlException)
            {
                return;
            }

            Assert.True(tries < 50, "PostgreSQL still accepts connections without a password");
            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
