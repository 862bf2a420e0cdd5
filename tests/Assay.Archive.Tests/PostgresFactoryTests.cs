namespace Assay.Archive.Tests;

[Collection(SharedPostgresServer.Name)]
public sealed class PostgresFactoryTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("postgresql")]
    public async Task A_postgres_url_opens_a_postgres_archive(string scheme)
    {
        var database = await postgres.NewDatabaseAsync();
        var url = postgres.Server.Url(database).Replace("postgres://", scheme + "://", StringComparison.Ordinal) + "?sslmode=disable";

        await using var archive = await ArchiveFactory.OpenAsync(url);
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]);

        Assert.IsType<PostgresRolloutArchive>(archive);
        Assert.Single(await archive.GetRolloutIdsAsync("c1"));
    }

    [Fact]
    public async Task A_connection_string_opens_the_same_database_as_its_url()
    {
        var database = await postgres.NewDatabaseAsync();
        await using (var byUrl = await ArchiveFactory.OpenAsync(postgres.Server.Url(database)))
        {
            await byUrl.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]);
        }

        await using var byConnectionString = await ArchiveFactory.OpenAsync(postgres.Server.ConnectionString(database));

        Assert.IsType<PostgresRolloutArchive>(byConnectionString);
        Assert.Single(await byConnectionString.GetRolloutIdsAsync("c1"));
    }

    [Fact]
    public async Task A_missing_database_names_the_value()
    {
        var url = postgres.Server.Url("no_such_database");

        var error = await Assert.ThrowsAsync<ArchiveLocationException>(() => ArchiveFactory.OpenAsync(url));

        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
