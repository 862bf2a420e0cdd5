using System.Diagnostics;
using System.Text.RegularExpressions;
using Assay.Archive;
using Assay.Core;
using Assay.Nano;
using Assay.Suites;
using Assay.Testing;

namespace Assay.Cli.Tests;

/// <summary>
/// The whole loop over real parts: nano served over HTTP by <c>assay serve</c>, a fault-injecting proxy in front of
/// it, and <c>assay run</c> through the OpenAI-compatible path into a SQLite archive.
/// </summary>
public sealed partial class ServedNanoCampaignTests : IAsyncLifetime
{
    private const int Problems = 12;
    private const int Samples = 4;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-e2e-");
    private Process? _server;

    private string Checkpoint => Path.Combine(_directory.FullName, "nano");

    private string SuitePath => Path.Combine(_directory.FullName, "arith.jsonl");

    public async Task InitializeAsync()
    {
        // A small model that learnt these very problems, so that answers are right often but not always.
        var problems = new ArithmeticGenerator().Generate(Problems, 1, seed: 4);
        using (var writer = new StreamWriter(SuitePath))
        {
            SuiteWriter.Write(writer, problems);
        }

        var model = NanoModel.Create(NanoConfig.ForText(2, 32, 2, 24), seed: 1);
        NanoTrainer.Train(
            model,
            problems.Select(p => new TrainingExample(p.Prompt, p.Reference!)).ToList(),
            new TrainingOptions { BatchSize = 12, Steps = 120, LearningRate = 1e-2f, WarmupSteps = 10, Seed = 1 });
        await NanoCheckpoint.SaveAsync(model, Checkpoint);
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Campaign_against_served_nano_through_a_faulty_proxy_archives_every_planned_rollout()
    {
        var baseUrl = await StartServerAsync();
        // Every 7th request is rate limited, every 11th a 500, every 13th has its connection reset.
        await using var proxy = await FaultInjectingProxy.StartAsync(baseUrl, (n, _) =>
            n % 7 == 0 ? new Fault(FaultKind.RateLimited, RetryAfter: 1)
            : n % 11 == 0 ? new Fault(FaultKind.ServerError)
            : n % 13 == 0 ? new Fault(FaultKind.Reset)
            : Fault.None);
        var db = Path.Combine(_directory.FullName, "assay.db");
        var model = $"openai:nano:{Checkpoint}@{proxy.BaseUrl}";

        var run = await AssayProcess.RunAsync(_directory.FullName, "run", "--model", model, "--suite", SuitePath, "-n", $"{Samples}",
            "--temperature", "1.0", "--seed", "5", "--db", db, "--concurrency", "4", "--max-tokens", "8");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(proxy.Injected(FaultKind.RateLimited) > 0 && proxy.Injected(FaultKind.ServerError) > 0 && proxy.Injected(FaultKind.Reset) > 0);
        var campaignId = CampaignLine().Match(run.Output).Groups[1].Value;
        var rollouts = new List<Rollout>();
        await using (var archive = await ArchiveFactory.OpenAsync(db))
        {
            await foreach (var rollout in archive.ReadRolloutsAsync(campaignId))
            {
                rollouts.Add(rollout);
            }
        }

        Assert.Equal(Problems * Samples, rollouts.Count);
        Assert.Equal(rollouts.Count, rollouts.Select(r => r.Id).Distinct().Count());
        Assert.All(rollouts, r => Assert.NotEqual(VerdictStatus.Error, r.Verdict.Status)); // faults were retried, not scored
        var answers = new ArithmeticGenerator().Generate(Problems, 1, seed: 4).ToDictionary(p => p.Id, p => p.Reference);
        Assert.All(rollouts, r => Assert.Equal(r.Completion.Trim() == answers[r.ProblemId], r.Verdict.Passed));
        Assert.Contains(rollouts, r => r.Verdict.Passed);
        Assert.All(rollouts, r => Assert.True(r.PromptTokens > 0 && r.CompletionTokens > 0));

        // Today's verifier agrees with every verdict the campaign archived.
        var reverify = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", campaignId, "--db", db);
        Assert.True(reverify.ExitCode == 0, reverify.Output + reverify.Error);
        Assert.Contains($"re-scored {Problems * Samples}, unchanged {Problems * Samples}, changed 0; skipped 0", reverify.Output, StringComparison.Ordinal);
    }

    private async Task<Uri> StartServerAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "assay.dll"), "serve", "--model", $"nano:{Checkpoint}", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        _server = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value + "/v1");
            }
        }

        throw new InvalidOperationException("assay serve exited before listening: " + await _server.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"campaign ([0-9a-z-]+)")]
    private static partial Regex CampaignLine();
}
