namespace Assay.Archive.Tests;

public sealed class TemporaryPostgresTests
{
    [Fact]
    public async Task Missing_postgresql_binaries_fail_with_the_command_that_installs_them()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TemporaryPostgres.StartAsync(binDirectory: "/nonexistent/postgresql/15/bin"));

        Assert.Contains("run `sudo .ci/install`", error.Message, StringComparison.Ordinal);
    }
}
