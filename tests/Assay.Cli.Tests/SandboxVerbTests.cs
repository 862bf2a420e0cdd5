namespace Assay.Cli.Tests;

public sealed class SandboxVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-cli-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Setup_for_an_unknown_user_is_one_line_naming_the_flag_and_exit_code_2()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "sandbox", "setup", "--user", "no-such-user-here");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --user no-such-user-here: no such user in /etc/passwd", result.Error.Trim());
    }

    [Fact]
    public async Task Setup_hands_the_user_a_subtree_in_every_cgroup_hierarchy_and_only_root_may()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            var refused = await AssayProcess.RunAsync(_directory.FullName, "sandbox", "setup", "--user", "root");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("must run as root", refused.Error, StringComparison.Ordinal);
            return;
        }

        const string user = "assay-cli-setup"; // made by .ci/install, for this test alone (others use their own users)
        var result = await AssayProcess.RunAsync(_directory.FullName, "sandbox", "setup", "--user", user);
        var handed = result.Output.Split('\n').Where(l => l.StartsWith("handed ", StringComparison.Ordinal))
            .Select(l => l["handed ".Length..l.IndexOf(" to ", StringComparison.Ordinal)]).ToList();
        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.NotEmpty(handed);
            var uid = int.Parse(File.ReadLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == user)[2]);
            Assert.All(handed, directory => Assert.EndsWith("assay-u" + uid, directory, StringComparison.Ordinal));
            Assert.All(handed, directory => Assert.True(Directory.Exists(directory), directory));
        }
        finally
        {
            foreach (var directory in handed.Where(Directory.Exists))
            {
                Directory.Delete(directory);
            }
        }
    }
}
