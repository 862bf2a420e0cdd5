namespace Assay.Deploy.Tests;

/// <summary>
/// The plain-machine examples checked by the tools that will read them: <c>systemd-analyze verify</c> for the units
/// (Debian's systemd package; any warning fails) and <c>nats-server -t</c> for the NATS configurations.
/// </summary>
public sealed class SystemdTests : IDisposable
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string NatsServer = "/usr/sbin/nats-server";
    private const string DebianNatsUnit = "/lib/systemd/system/nats-server.service";
    private readonly string _scratch = Directory.CreateTempSubdirectory("assay-deploy-units-").FullName;

    [Fact]
    public async Task The_worker_unit_passes_systemd_analyze_verify_without_a_warning()
    {
        var unit = await VerifyAsync(WorkerUnitWith(_ => { }));

        Assert.True(unit.ExitCode == 0 && unit.Output.Length == 0, unit.Output);
    }

    [Fact]
    public async Task A_misspelt_setting_in_the_worker_unit_is_caught()
    {
        var unit = await VerifyAsync(WorkerUnitWith(lines => lines[lines.FindIndex(l => l.StartsWith("ProtectHome=", StringComparison.Ordinal))] = "ProtectHom=yes"));

        Assert.Contains("ProtectHom", unit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_nats_server_drop_in_passes_systemd_analyze_verify_on_debian_s_own_unit()
    {
        File.Copy(DebianNatsUnit, Path.Combine(_scratch, "nats-server.service"));
        var dropIns = Directory.CreateDirectory(Path.Combine(_scratch, "nats-server.service.d")).FullName;
        File.Copy(Path.Combine(SystemdUnit.Directory, "nats-server.service.d", "assay.conf"), Path.Combine(dropIns, "assay.conf"));

        var unit = await ToolRun.RunAsync(SystemdAnalyze, "verify", "--man=no", Path.Combine(_scratch, "nats-server.service"));

        Assert.True(unit.ExitCode == 0 && unit.Output.Length == 0, unit.Output);
    }

    [Fact]
    public async Task Both_nats_configurations_pass_nats_server_s_own_check()
    {
        var systemd = await ToolRun.RunAsync(NatsServer, "-c", Path.Combine(SystemdUnit.Directory, "nats-server.conf"), "-t");
        Assert.True(systemd.ExitCode == 0, systemd.Output);

        var kubernetes = Path.Combine(_scratch, "nats.conf");
        await File.WriteAllTextAsync(kubernetes, NatsConfig.FromKubernetes());
        var fromConfigMap = await ToolRun.RunAsync(NatsServer, "-c", kubernetes, "-t");
        Assert.True(fromConfigMap.ExitCode == 0, fromConfigMap.Output);

        await File.WriteAllTextAsync(kubernetes, NatsConfig.FromKubernetes().Replace("max_payload", "max_paylod", StringComparison.Ordinal));
        Assert.NotEqual(0, (await ToolRun.RunAsync(NatsServer, "-c", kubernetes, "-t")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>The worker unit with its executable pointed at the assay built beside the tests (verify checks that
    /// the executable exists), changed further by <paramref name="edit"/>.</summary>
    private string WorkerUnitWith(Action<List<string>> edit)
    {
        var lines = File.ReadAllLines(Path.Combine(SystemdUnit.Directory, "assay-worker@.service")).ToList();
        var executable = Path.Combine(AppContext.BaseDirectory, AssayInvocation.Executable);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("ExecStart=", StringComparison.Ordinal))
            {
                var words = lines[i]["ExecStart=".Length..].Split(' ', 2);
                Assert.Equal(AssayInvocation.Executable, Path.GetFileName(words[0]));
                lines[i] = $"ExecStart={executable} {words[1]}";
            }
        }

        edit(lines);
        var path = Path.Combine(_scratch, "assay-worker@.service");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static Task<ToolRun> VerifyAsync(string unit) => ToolRun.RunAsync(SystemdAnalyze, "verify", "--man=no", unit);
}
