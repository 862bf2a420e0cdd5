using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assay.Service.Tests.Results;

/// <summary>
/// What each tier reads from <c>/v1/datasets</c>, checked against what the same tier sees in <c>/v1/rollouts</c>, on a
/// real SQLite archive (the PostgreSQL run is <see cref="PostgresDatasetVisibilityTests"/>).
/// </summary>
public class DatasetVisibilityTests : IAsyncLifetime
{
    protected ResultsHost Host { get; private set; } = null!;

    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    public async Task InitializeAsync() => Host = await ResultsHost.StartAsync(await PostgresAsync());

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<List<JsonElement>> LinesAsync(string? key, string file)
    {
        using var client = Host.Client(key);
        using var response = await client.GetAsync($"v1/datasets/{file}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file} as {key}: {(int)response.StatusCode} {text}");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private async Task<List<string>> PublicRolloutIdsAsync()
    {
        using var client = Host.Client(null);
        var page = await client.GetFromJsonAsync<JsonElement>("v1/rollouts?limit=500");
        return [.. page.GetProperty("rollouts").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static List<string> Ids(IEnumerable<JsonElement> lines) => [.. lines.Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Public_dataset_holds_the_rollouts_the_public_rollout_list_shows_before_and_after_the_embargo()
    {
        var before = Ids(await LinesAsync(null, "sft.jsonl"));
        Assert.Equal(await PublicRolloutIdsAsync(), before);
        Assert.Equal([SeededArchive.OldPositive, Assay.Core.RolloutId.For("c-old", "p2", 0)], before);

        // Past c-new's embargo (and a new minute, so a new publication is written).
        Host.Clock.Advance(TimeSpan.FromDays(86));
        var after = Ids(await LinesAsync(null, "sft.jsonl"));
        Assert.Equal(await PublicRolloutIdsAsync(), after);
        Assert.Contains(SeededArchive.NewPositive, after);
        Assert.DoesNotContain(SeededArchive.OldNegative, after);
    }

    [Fact]
    public async Task Subscriber_dpo_pairs_reject_negative_rollouts_of_the_same_problem_which_the_public_cannot_read()
    {
        var pairs = await LinesAsync("subscriber", "dpo.jsonl");

        // p1: c-old's passed and failed samples; p2: c-old's passed sample and the first failed one by id.
        Assert.Equal(["What is one?", "What is two?"], pairs.Select(p => p.GetProperty("prompt").GetString()).Order(StringComparer.Ordinal));
        Assert.All(pairs, p => Assert.Equal("wrong answer", p.GetProperty("rejected").GetString()));
        Assert.All(pairs, p => Assert.Equal("right answer", p.GetProperty("chosen").GetString()));
        using var anonymous = Host.Client(null);
        using var refused = await anonymous.GetAsync("v1/datasets/dpo.jsonl");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
