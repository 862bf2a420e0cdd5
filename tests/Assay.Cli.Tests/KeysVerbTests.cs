using Assay.Archive;
using Assay.Archive.Results;
using Assay.Core;

namespace Assay.Cli.Tests;

/// <summary><c>assay keys create | list | revoke</c> on a real archive file, run as the real process.</summary>
public sealed class KeysVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-keys-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Db => Path.Combine(_directory.FullName, "assay.db");

    [Fact]
    public async Task A_created_key_is_printed_once_stored_only_as_a_hash_and_works_until_revoked()
    {
        var created = await AssayProcess.RunAsync(_directory.FullName, "keys", "create", "--tier", "subscriber", "--name", "alice", "--db", Db);
        var secret = created.Output.Trim();
        var listed = await AssayProcess.RunAsync(_directory.FullName, "keys", "list", "--db", Db);
        var archiveBytes = await File.ReadAllTextAsync(Db);

        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith("assay_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, archiveBytes, StringComparison.Ordinal);
        Assert.Contains("subscriber", listed.Output, StringComparison.Ordinal);
        Assert.Contains("alice", listed.Output, StringComparison.Ordinal);

        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            var key = await new ServiceKeyStore(archive, TimeProvider.System).VerifyAsync(secret);
            Assert.Equal(Tier.Subscriber, key?.Tier);
            var revoked = await AssayProcess.RunAsync(_directory.FullName, "keys", "revoke", key!.Id, "--db", Db);
            Assert.Equal(0, revoked.ExitCode);
            Assert.Null(await new ServiceKeyStore(archive, TimeProvider.System).VerifyAsync(secret));
        }
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_one_line_naming_it_and_a_nonzero_exit()
    {
        await AssayProcess.RunAsync(_directory.FullName, "keys", "create", "--tier", "admin", "--db", Db);

        var result = await AssayProcess.RunAsync(_directory.FullName, "keys", "revoke", "0123456789abcdef", "--db", Db);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error: ID 0123456789abcdef: no such key, or it is already revoked (assay keys list)", result.Error.Trim());
    }

    [Fact]
    public async Task A_tier_that_does_not_exist_is_refused_naming_the_flag()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "keys", "create", "--tier", "root", "--db", Db);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--tier", result.Error, StringComparison.Ordinal);
    }
}
