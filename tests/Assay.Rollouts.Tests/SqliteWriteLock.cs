using Microsoft.Data.Sqlite;

namespace Assay.Rollouts.Tests;

/// <summary>Another connection holding a SQLite file's write lock (<c>BEGIN IMMEDIATE</c>) until disposed: the archive
/// can read but not write. (Also compiled into bench/Assay.Bench.Faults.)</summary>
internal sealed class SqliteWriteLock : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteWriteLock(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("BEGIN IMMEDIATE");
    }

    public void Dispose()
    {
        Execute("ROLLBACK");
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
