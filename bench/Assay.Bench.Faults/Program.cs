using Assay.Bench.Faults;

// Breaks campaigns on purpose and counts, with a loopback model service that records every request it answers, what
// each fault costs: answered requests that never reached the archive, and requests answered twice. Issue 10's before
// and after figures. Run as root (the disk-full fault mounts a tmpfs), with PostgreSQL 15 installed (.ci/install):
//   dotnet run --project bench/Assay.Bench.Faults [-- SCENARIO ...]
var scenarios = new Dictionary<string, Func<Task<FaultFigures>>>
{
    ["two-resumes-sqlite"] = FaultScenarios.TwoResumesSqliteAsync,
    ["two-resumes-postgres"] = FaultScenarios.TwoResumesPostgresAsync,
    ["sigterm-held-lock"] = FaultScenarios.SigtermWithHeldLockAsync,
    ["kill-then-resume"] = FaultScenarios.KillThenResumeAsync,
    ["database-deleted"] = FaultScenarios.DatabaseDeletedAsync,
    ["postgres-restart"] = FaultScenarios.PostgresRestartAsync,
    ["disk-full"] = FaultScenarios.DiskFullAsync,
    ["newer-schema"] = FaultScenarios.NewerSchemaAsync,
    ["report-unrelated-file"] = FaultScenarios.ReportOnUnrelatedFileAsync,
};

var chosen = args.Length == 0 ? [.. scenarios.Keys] : args;
foreach (var name in chosen.Where(n => !scenarios.ContainsKey(n)))
{
    await Console.Error.WriteLineAsync($"error: unknown scenario '{name}'; one of: {string.Join(", ", scenarios.Keys)}");
    return 2;
}

Console.WriteLine($"{FaultBench.Problems} problems × {FaultBench.Samples} samples per campaign, 20 ms answers, --concurrency 16");
Console.WriteLine(FaultFigures.MarkdownHeader);
foreach (var name in chosen)
{
    var figures = await scenarios[name]();
    Console.WriteLine(figures.ToMarkdownRow());
}

return 0;
