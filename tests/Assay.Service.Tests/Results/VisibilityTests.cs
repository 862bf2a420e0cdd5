using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assay.Service.Tests.Results;

/// <summary>What each tier sees through the API, on a real SQLite archive (the PostgreSQL run is <see cref="PostgresVisibilityTests"/>).</summary>
public class VisibilityTests : IAsyncLifetime
{
    protected ResultsHost Host { get; private set; } = null!;

    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    public async Task InitializeAsync() => Host = await ResultsHost.StartAsync(await PostgresAsync());

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<JsonElement> GetAsync(string? key, string path)
    {
        using var client = Host.Client(key);
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} as {key}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("rollouts").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Public_tier_sees_only_positive_rollouts_past_the_embargo_each_by_its_own_time()
    {
        var page = await GetAsync(null, "v1/rollouts");

        Assert.All(page.GetProperty("rollouts").EnumerateArray(), r => Assert.Equal("passed", r.GetProperty("verdict").GetString()));
        // c-old's p1 and p2 positives are past 90 days; its p3 positive (10 days old) and all of c-new are not.
        Assert.Equal([SeededArchive.OldPositive, Assay.Core.RolloutId.For("c-old", "p2", 0)], Ids(page).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Subscriber_sees_every_rollout_at_once_negative_ones_included()
    {
        var page = await GetAsync("subscriber", "v1/rollouts?limit=500");

        Assert.Equal(10, page.GetProperty("rollouts").GetArrayLength());
        Assert.Contains(SeededArchive.OldNegative, Ids(page));
    }

    [Fact]
    public async Task Negative_rollout_is_never_public_even_years_after_the_embargo()
    {
        Host.Clock.Advance(TimeSpan.FromDays(3650));
        using var client = Host.Client(null);

        using var response = await client.GetAsync($"v1/rollouts/{SeededArchive.OldNegative}");
        var list = await GetAsync(null, "v1/rollouts?verdict=failed");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(list.GetProperty("rollouts").EnumerateArray());
    }

    [Fact]
    public async Task Embargoed_positive_rollout_is_hidden_from_public_tier_until_it_ages_past_the_embargo()
    {
        using var client = Host.Client(null);
        using var before = await client.GetAsync($"v1/rollouts/{SeededArchive.NewPositive}");
        Host.Clock.Advance(TimeSpan.FromDays(85) + TimeSpan.FromSeconds(1));

        var after = await GetAsync(null, $"v1/rollouts/{SeededArchive.NewPositive}");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("passed", after.GetProperty("rollout").GetProperty("verdict").GetString());
        Assert.Equal("right answer", after.GetProperty("completion").GetString());
    }

    [Fact]
    public async Task Public_leaderboard_counts_only_rollouts_past_the_embargo_while_a_subscriber_sees_all()
    {
        var publicBoard = await GetAsync(null, $"v1/leaderboard?suite={SeededArchive.Suite}&k=1");
        var subscriberBoard = await GetAsync("subscriber", $"v1/leaderboard?suite={SeededArchive.Suite}&k=1");

        // Public: m1's p1 and p2 (2 samples each, 1 passed each); m2 is embargoed entirely.
        var publicEntry = Assert.Single(publicBoard.GetProperty("entries").EnumerateArray());
        Assert.Equal("m1", publicEntry.GetProperty("model").GetString());
        Assert.Equal(4, publicEntry.GetProperty("samples").GetInt64());
        Assert.Equal(0.5, publicEntry.GetProperty("pass_at_k")[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal("public", publicBoard.GetProperty("tier").GetString());
        // Subscriber: m2 (p1 2/2, p2 0/2: pass@1 0.5) and m1 (p1 1/2, p2 1/2, p3 1/1: (0.5+0.5+1)/3), best first.
        var entries = subscriberBoard.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["m1", "m2"], entries.Select(e => e.GetProperty("model").GetString()));
        Assert.Equal(2.0 / 3, entries[0].GetProperty("pass_at_k")[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal(6, entries[0].GetProperty("attempts").GetInt64());
        Assert.Equal(0.012m / 3, entries[0].GetProperty("cost_per_verified_solution_usd").GetDecimal());
    }

    [Fact]
    public async Task Cached_public_leaderboard_warmed_before_the_embargo_boundary_answers_correctly_after_it()
    {
        var path = $"v1/leaderboard?suite={SeededArchive.Suite}&k=1";
        var warm = await GetAsync(null, path);
        var again = await GetAsync(null, path);
        // c-old's p3 positive (10 days old) leaves the embargo 80 days later; c-new's rollouts 85 days later.
        Host.Clock.Advance(TimeSpan.FromDays(80) + TimeSpan.FromSeconds(1));
        var afterFirst = await GetAsync(null, path);
        Host.Clock.Advance(TimeSpan.FromDays(5));
        var afterAll = await GetAsync(null, path);

        Assert.Equal(warm.GetRawText(), again.GetRawText());
        Assert.Equal(4, Assert.Single(warm.GetProperty("entries").EnumerateArray()).GetProperty("samples").GetInt64());
        Assert.Equal(5, Assert.Single(afterFirst.GetProperty("entries").EnumerateArray()).GetProperty("samples").GetInt64());
        Assert.Equal(2, afterAll.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Cached_subscriber_leaderboard_changes_within_the_refresh_bound_when_a_rollout_lands()
    {
        var path = $"v1/leaderboard?suite={SeededArchive.Suite}&k=1";
        var before = await GetAsync("subscriber", path);
        await Host.Archive.AppendAsync([SeededArchive.Rollout("c-new", "m2", "p3", 0, Assay.Core.VerdictStatus.Passed, SeededArchive.Now)]);

        // The version is read every 100 ms and the view recomputed in the background: a few intervals at most, 5 s on a loaded machine.
        var after = before;
        for (var waited = 0; waited < 100 && after.GetRawText() == before.GetRawText(); waited++)
        {
            await Task.Delay(50);
            after = await GetAsync("subscriber", path);
        }

        var m2 = after.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("model").GetString() == "m2");
        Assert.NotEqual(before.GetRawText(), after.GetRawText());
        Assert.Equal(3, m2.GetProperty("problems").GetInt32());
    }

    [Fact]
    public async Task Rollout_list_pages_by_keyset_without_skipping_or_repeating()
    {
        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await GetAsync("subscriber", "v1/rollouts?limit=3" + (next is null ? "" : $"&after={next}"));
            seen.AddRange(page.GetProperty("rollouts").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);

        Assert.Equal(10, seen.Count);
        Assert.Equal(10, seen.Distinct().Count());
    }

    [Fact]
    public async Task Rollout_in_full_carries_the_verdict_detail_and_logprobs()
    {
        var full = await GetAsync("subscriber", $"v1/rollouts/{SeededArchive.OldNegative}");

        Assert.Equal("Failed detail", full.GetProperty("verdict_detail").GetString());
        Assert.Equal("-Infinity", full.GetProperty("logprobs")[0].GetProperty("logprob").GetString());
        Assert.Equal("s1", full.GetProperty("rollout").GetProperty("suite").GetString());
        Assert.Equal("What is one?", full.GetProperty("problem_prompt").GetString());
    }

    [Fact]
    public async Task Leaderboard_released_after_a_date_counts_only_problems_released_after_it()
    {
        var board = await GetAsync("subscriber", $"v1/leaderboard?suite={SeededArchive.Suite}&k=1&released_after=2026-02-01");

        // Only p2 (released 2026-04-01): m1 1 of 2, m2 0 of 2; p1 is older and p3 has no known date.
        var entries = board.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["m1", "m2"], entries.Select(e => e.GetProperty("model").GetString()));
        Assert.All(entries, e => Assert.Equal(1, e.GetProperty("problems").GetInt32()));
        Assert.Equal(0.5, entries[0].GetProperty("pass_at_k")[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal("2026-02-01", board.GetProperty("released_after").GetString());
    }

    [Fact]
    public async Task Progress_lists_a_models_campaigns_by_date_with_pass_at_1()
    {
        var progress = await GetAsync("subscriber", "v1/progress?model=m1");

        var point = Assert.Single(progress.GetProperty("campaigns").EnumerateArray());
        Assert.Equal("c-old", point.GetProperty("campaign_id").GetString());
        Assert.Equal(2.0 / 3, point.GetProperty("pass_at1").GetProperty("value").GetDouble(), 12);
    }

    [Fact]
    public async Task Problems_lists_solve_rates_hardest_first()
    {
        var problems = await GetAsync("subscriber", $"v1/problems?suite={SeededArchive.Suite}&model=m2");

        Assert.Equal(["p2", "p1"], problems.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("problem_id").GetString()));
    }
}
