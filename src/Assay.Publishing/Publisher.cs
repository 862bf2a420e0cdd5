using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assay.Archive;
using Assay.Archive.Results;
using Assay.Core;
using Assay.Reports;

namespace Assay.Publishing;

/// <summary>
/// Writes a publication: the archive's passed rollouts scored at or before the cut-off (each by its own time, so a long
/// campaign releases its rollouts as they age), exactly those the results API shows the public tier one by one in the chosen formats, and <c>manifest.json</c>. A campaign's rollouts are
/// the ones its reports count (per slot, the latest attempt that is not an infrastructure failure).
/// </summary>
public sealed class Publisher(IRolloutArchive archive, TimeProvider clock)
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFileName = "manifest.json";

    private static readonly JsonSerializerOptions s_manifestJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Writes the publication into <paramref name="directory"/> (created if needed) and returns its manifest.</summary>
    public async Task<DatasetManifest> PublishAsync(string directory, PublicationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        var dpo = options.Formats.Contains(DatasetFormat.Dpo);
        var source = await ReadAsync(options, dpo, cancellationToken).ConfigureAwait(false);
        var pairs = dpo ? DpoPairs.From(source.Positive.Concat(source.Negative)) : [];
        Directory.CreateDirectory(directory);

        var files = new List<ManifestFile>();
        foreach (var format in options.Formats.Distinct().Order())
        {
            var path = Path.Combine(directory, DatasetFormats.FileName(format));
            var records = format switch
            {
                DatasetFormat.Sft => await WriteLinesAsync(path, source.Positive.Select(DatasetLines.Sft), cancellationToken).ConfigureAwait(false),
                DatasetFormat.PromptCompletion => await WriteLinesAsync(path, source.Positive.Select(DatasetLines.PromptCompletion), cancellationToken).ConfigureAwait(false),
                DatasetFormat.Distill => await WriteLinesAsync(path, source.Positive.Select(DatasetLines.Distill).OfType<string>(), cancellationToken).ConfigureAwait(false),
                DatasetFormat.Dpo => await WriteLinesAsync(path, pairs.Select(DatasetLines.Dpo), cancellationToken).ConfigureAwait(false),
                DatasetFormat.Parquet => await ParquetDataset.WriteAsync(path, source.Positive, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(options), format, "unknown dataset format"),
            };
            files.Add(await DescribeAsync(path, format, records, cancellationToken).ConfigureAwait(false));
        }

        var rejected = pairs.Select(p => p.Rejected).ToList();
        var published = source.Positive.Concat(rejected).ToList();
        var manifest = new DatasetManifest(
            FormatVersion: 1,
            CreatedAt: clock.GetUtcNow(),
            AsOf: options.AsOf,
            EmbargoDays: options.Embargo.TotalDays,
            Cutoff: options.Cutoff,
            Licence: options.Licence,
            IncludesNegatives: options.Formats.Any(DatasetFormats.HoldsNegatives),
            Positive: source.Positive.Count,
            SkippedWithoutPrompt: source.SkippedWithoutPrompt,
            Files: files,
            Campaigns: source.Campaigns
                .Select(c => new ManifestCampaign(
                    c.Id, c.Model, c.Suite,
                    source.Positive.Count(r => r.Rollout.CampaignId == c.Id),
                    rejected.Count(r => r.Rollout.CampaignId == c.Id)))
                .Where(c => c.Positive + c.Negative > 0)
                .ToList(),
            Models: published.Select(r => r.Rollout.Model).Distinct().Order(StringComparer.Ordinal).ToList(),
            Verifiers: published
                .GroupBy(r => VerdictWords.Verifier(r.Rollout.Verdict.Verifier))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ManifestVerifier(g.Key, g.Count()))
                .ToList());
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFileName), JsonSerializer.Serialize(manifest, s_manifestJson) + "\n", cancellationToken)
            .ConfigureAwait(false);
        return manifest;
    }

    // Which rollouts is decided where the results API decides it: the public tier's view at the publication's date
    // (AccessPolicy), written into the query's WHERE clause by RolloutVisibility. The DPO pairs' negative rollouts are
    // for subscribers only: their view, bounded by the same cut-off, so both halves of a pair come from one snapshot.
    private async Task<PublicationSource> ReadAsync(PublicationOptions options, bool negatives, CancellationToken cancellationToken)
    {
        var results = new ResultsArchive(archive);
        var released = AccessPolicy.VisibilityOf(Tier.Public, options.AsOf, options.Embargo);
        var subscribers = AccessPolicy.VisibilityOf(Tier.Subscriber, options.AsOf, options.Embargo);
        var campaigns = await archive.ListCampaignsAsync(cancellationToken).ConfigureAwait(false);
        var positive = new List<PublishedRollout>();
        var negative = new List<PublishedRollout>();
        var skipped = 0;
        foreach (var campaign in campaigns.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var problems = (await archive.GetProblemsAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
                .ToDictionary(p => p.Id, p => p.Prompt, StringComparer.Ordinal);
            await foreach (var rollout in results.CountedRolloutsAsync(released, campaign.Id, options.Cutoff, [VerdictStatus.Passed], cancellationToken)
                .ConfigureAwait(false))
            {
                if (PublishedRollout.From(rollout, problems.GetValueOrDefault(rollout.ProblemId)) is { } item)
                {
                    positive.Add(item);
                }
                else
                {
                    skipped++;
                }
            }

            if (!negatives)
            {
                continue;
            }

            await foreach (var rollout in results.CountedRolloutsAsync(subscribers, campaign.Id, options.Cutoff, DpoPairs.NegativeStatuses, cancellationToken)
                .ConfigureAwait(false))
            {
                if (PublishedRollout.From(rollout, problems.GetValueOrDefault(rollout.ProblemId)) is { } item)
                {
                    negative.Add(item);
                }
            }
        }

        return new PublicationSource(campaigns, positive, negative, skipped);
    }

    private static async Task<int> WriteLinesAsync(string path, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var count = 0;
        var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }

    private static async Task<ManifestFile> DescribeAsync(string path, DatasetFormat format, int records, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return new ManifestFile(Path.GetFileName(path), DatasetFormats.Word(format), records, stream.Length, Convert.ToHexStringLower(hash));
        }
    }

    private sealed record PublicationSource(
        IReadOnlyList<Campaign> Campaigns, List<PublishedRollout> Positive, List<PublishedRollout> Negative, int SkippedWithoutPrompt);
}
