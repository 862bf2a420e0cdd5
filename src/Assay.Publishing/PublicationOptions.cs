namespace Assay.Publishing;

/// <summary>What a publication holds: the rollouts scored up to <see cref="Cutoff"/>, in <see cref="Formats"/>.</summary>
public sealed record PublicationOptions
{
    /// <summary>The embargo when none is given: 90 days from a rollout's own time.</summary>
    public static TimeSpan DefaultEmbargo { get; } = TimeSpan.FromDays(90);

    /// <summary>The date the publication is made for (default: now).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>How long a rollout stays unpublished after it was scored.</summary>
    public TimeSpan Embargo { get; init; } = DefaultEmbargo;

    /// <summary>The files to write; <see cref="DatasetFormat.Dpo"/> only for readers who may see negative rollouts.</summary>
    public IReadOnlyList<DatasetFormat> Formats { get; init; } = DatasetFormats.Public;

    /// <summary>The licence the publisher grants, written into the manifest.</summary>
    public string Licence { get; init; } = "CC-BY-4.0";

    /// <summary>Rollouts scored at or before this instant are published: <see cref="AsOf"/> − <see cref="Embargo"/>.</summary>
    public DateTimeOffset Cutoff => AsOf - Embargo;
}
