using System.Text.Json;
using Assay.Archive.Results;
using Assay.Core;
using Microsoft.Extensions.Time.Testing;

namespace Assay.Publishing.Tests;

/// <summary>The publisher selects what the results API shows the public tier, by the same rule (AccessPolicy).</summary>
public sealed class PublicTierRuleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset July = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = July - PublicationOptions.DefaultEmbargo;

    private PublishedArchive _archive = null!;

    public async Task InitializeAsync()
    {
        _archive = await PublishedArchive.CreateAsync();
        await _archive.Archive.AppendAsync(
        [
            PublishedArchive.Rollout("c-nano", "edge/at-cutoff", 0, "1", VerdictStatus.Passed, Cutoff, null),
            // One microsecond (the archive's resolution) past the cut-off: still embargoed.
            PublishedArchive.Rollout("c-nano", "edge/after-cutoff", 0, "2", VerdictStatus.Passed, Cutoff.AddTicks(10), null),
            PublishedArchive.Rollout("c-nano", "edge/timeout", 0, "3", VerdictStatus.Timeout, Cutoff.AddDays(-3), null),
        ]);
    }

    public async Task DisposeAsync() => await _archive.DisposeAsync();

    private string Out => Path.Combine(_archive.Directory, "out");

    [Fact]
    public async Task Publication_holds_exactly_the_rollouts_the_results_api_shows_the_public_tier_one_by_one()
    {
        await new Publisher(_archive.Archive, new FakeTimeProvider(July)).PublishAsync(Out, new PublicationOptions { AsOf = July, Formats = [DatasetFormat.Sft] });

        var published = File.ReadAllLines(Path.Combine(Out, "sft.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).Order(StringComparer.Ordinal);
        var page = await new ResultsArchive(_archive.Archive).RolloutsAsync(
            AccessPolicy.VisibilityOf(Tier.Public, July, PublicationOptions.DefaultEmbargo), new RolloutQuery(Limit: ResultsArchive.MaxPageSize));
        Assert.Equal(page.Items.Select(r => r.Id).Order(StringComparer.Ordinal), published);
        Assert.Contains(RolloutId.For("c-nano", "edge/at-cutoff", 0), published);
        Assert.DoesNotContain(RolloutId.For("c-nano", "edge/after-cutoff", 0), published);
    }

    [Fact]
    public async Task A_passed_attempt_superseded_by_a_later_scored_attempt_is_not_published()
    {
        var first = PublishedArchive.Rollout("c-nano", "edge/rescored", 0, "old", VerdictStatus.Passed, Cutoff.AddDays(-2), null);
        var lost = PublishedArchive.Rollout("c-nano", "edge/rescored", 0, "lost", VerdictStatus.Infrastructure, Cutoff.AddDays(-1), null);
        var again = PublishedArchive.Rollout("c-nano", "edge/rescored", 0, "new", VerdictStatus.Failed, Cutoff.AddDays(-1), null);
        await _archive.Archive.AppendAsync(
        [
            first,
            lost with { Id = RolloutId.For("c-nano", "edge/rescored", 0, 1), Attempt = 1 },
            again with { Id = RolloutId.For("c-nano", "edge/rescored", 0, 2), Attempt = 2 },
            PublishedArchive.Rollout("c-nano", "edge/kept", 0, "kept", VerdictStatus.Passed, Cutoff.AddDays(-2), null),
            PublishedArchive.Rollout("c-nano", "edge/kept", 0, "lost", VerdictStatus.Infrastructure, Cutoff.AddDays(-1), null)
                with { Id = RolloutId.For("c-nano", "edge/kept", 0, 1), Attempt = 1 },
        ]);

        await new Publisher(_archive.Archive, new FakeTimeProvider(July)).PublishAsync(Out, new PublicationOptions { AsOf = July, Formats = [DatasetFormat.Sft] });

        var completions = File.ReadAllLines(Path.Combine(Out, "sft.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("problem_id").GetString()!.StartsWith("edge/", StringComparison.Ordinal))
            .Select(l => l.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString());
        // Reports count a slot's latest attempt that is not an infrastructure failure: "new" (failed), and "kept".
        Assert.Equal(["1", "kept"], completions.Order(StringComparer.Ordinal));
    }
}
