using Npgsql;

namespace Assay.Archive.Tests;

public sealed class ArchiveLocationTests
{
    [Fact]
    public void A_postgres_url_becomes_the_connection_string_it_spells()
    {
        var location = ArchiveLocation.Parse("postgres://us%40er:p%3Ass@db.example:6543/my%20db?sslmode=require");

        var builder = new NpgsqlConnectionStringBuilder(location.Target);
        Assert.Equal(SqlDialect.Postgres, location.Dialect);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("us@er", builder.Username);
        Assert.Equal("p:ss", builder.Password);
        Assert.Equal("my db", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("postgres://us%40er:***@db.example:6543/my%20db?sslmode=require", location.Display);
    }

    [Fact]
    public void A_postgres_url_without_a_port_uses_5432()
    {
        var builder = new NpgsqlConnectionStringBuilder(ArchiveLocation.Parse("postgresql://assay@localhost/assay").Target);

        Assert.Equal(5432, builder.Port);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void A_bracketed_ipv6_host_loses_its_brackets()
    {
        var builder = new NpgsqlConnectionStringBuilder(ArchiveLocation.Parse("postgres://u:p@[::1]:5433/assay").Target);

        Assert.Equal("::1", builder.Host);
    }

    [Theory]
    [InlineData("./assay.db")]
    [InlineData("assay.db")]
    [InlineData("/tmp/a=b.db")]
    public void Anything_else_is_a_sqlite_path(string db)
    {
        var location = ArchiveLocation.Parse(db);

        Assert.Equal(SqlDialect.Sqlite, location.Dialect);
        Assert.Equal(db, location.Target);
    }

    [Fact]
    public void A_connection_string_is_passed_through_with_its_password_hidden_in_messages()
    {
        var location = ArchiveLocation.Parse("Host=127.0.0.1;Username=assay;Password=hunter2;Database=assay");

        Assert.Equal(SqlDialect.Postgres, location.Dialect);
        Assert.Equal("hunter2", new NpgsqlConnectionStringBuilder(location.Target).Password);
        Assert.Equal("Host=127.0.0.1;Username=assay;Password=***;Database=assay", location.Display);
    }
}
