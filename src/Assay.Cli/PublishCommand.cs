using System.CommandLine;
using System.Globalization;
using Assay.Archive;
using Assay.Publishing;

namespace Assay.Cli;

/// <summary>
/// <c>assay publish --out DIR [--as-of DATE] [--embargo-days N] [--format F ...] [--include-negatives]</c>: the passed
/// rollouts past the embargo as training datasets with a manifest (the README's "Published datasets").
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The directory to write the datasets and manifest.json into", Required = true };
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var asOf = new Option<string?>("--as-of") { Description = "Publish as of this UTC date, yyyy-MM-dd (default: now)" };
        var embargo = new Option<int>("--embargo-days")
        {
            Description = "Days after a rollout was scored before it is published",
            DefaultValueFactory = _ => (int)PublicationOptions.DefaultEmbargo.TotalDays,
        };
        var formats = new Option<string[]>("--format")
        {
            Description = "Formats to write: sft, prompt-completion, distill, parquet (default: all four), dpo (needs --include-negatives); repeatable or comma-separated",
        };
        var negatives = new Option<bool>("--include-negatives")
        {
            Description = "Also write dpo.jsonl, whose rejected answers are negative rollouts: for subscribers only, never public",
        };
        var licence = new Option<string>("--licence") { Description = "The licence written into the manifest", DefaultValueFactory = _ => "CC-BY-4.0" };
        var command = new Command("publish", "Write the passed rollouts past the embargo as training datasets (SFT, prompt/completion, distillation, Parquet) with a manifest")
        {
            output, db, asOf, embargo, formats, negatives, licence,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var days = parse.GetValue(embargo);
            if (days < 0)
            {
                throw new UserInputException($"--embargo-days {days}: must not be negative");
            }

            var includeNegatives = parse.GetValue(negatives);
            var options = new PublicationOptions
            {
                AsOf = AsOf(parse.GetValue(asOf)),
                Embargo = TimeSpan.FromDays(days),
                Formats = Formats(parse.GetValue(formats) ?? [], includeNegatives),
                Licence = parse.GetValue(licence)!,
            };
            var directory = parse.GetValue(output)!;
            var archive = await Archives.OpenExistingAsync(parse.GetValue(db)!, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                RequireWritable(directory);
                var manifest = await new Publisher(archive, TimeProvider.System).PublishAsync(directory, options, cancellationToken).ConfigureAwait(false);
                foreach (var file in manifest.Files)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.Combine(directory, file.Name)}: {file.Records} records, sha256 {file.Sha256}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"published {manifest.Positive} passed rollouts scored by {manifest.Cutoff:yyyy-MM-dd HH:mm:ss}Z from {manifest.Campaigns.Count} campaigns; manifest: {Path.Combine(directory, Publisher.ManifestFileName)}"));
                if (manifest.SkippedWithoutPrompt > 0)
                {
                    Console.WriteLine($"left out {manifest.SkippedWithoutPrompt} passed rollouts whose request and problem hold no prompt");
                }

                if (manifest.IncludesNegatives)
                {
                    Console.WriteLine($"{DatasetFormats.FileName(DatasetFormat.Dpo)} holds negative rollouts: it is for subscribers only; do not publish it");
                }
            }

            return 0;
        });
        return command;
    }

    // Checked before the archive's rollouts are read, so an --out that cannot hold the files is one line naming it, not an I/O error
    // after the work.
    private static void RequireWritable(string directory)
    {
        if (File.Exists(directory))
        {
            throw new UserInputException($"--out {directory}: is a file; give a directory to write the datasets into");
        }

        var probe = Path.Combine(directory, $".assay-publish-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--out {directory}: cannot write there ({ex.Message})", ex);
        }
    }

    private static DateTimeOffset AsOf(string? text)
    {
        if (text is null)
        {
            return TimeProvider.System.GetUtcNow();
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new UserInputException($"--as-of '{text}': expected a date as yyyy-MM-dd");
    }

    private static List<DatasetFormat> Formats(string[] words, bool includeNegatives)
    {
        var chosen = new List<DatasetFormat>();
        foreach (var word in words.SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var format = DatasetFormats.Parse(word)
                ?? throw new UserInputException($"--format '{word}': expected one of {string.Join(", ", Enum.GetValues<DatasetFormat>().Select(DatasetFormats.Word))}");
            if (DatasetFormats.HoldsNegatives(format) && !includeNegatives)
            {
                throw new UserInputException($"--format {word}: holds negative rollouts; add --include-negatives to write it (for subscribers only)");
            }

            chosen.Add(format);
        }

        if (chosen.Count == 0)
        {
            chosen.AddRange(DatasetFormats.Public);
        }

        if (includeNegatives && !chosen.Contains(DatasetFormat.Dpo))
        {
            chosen.Add(DatasetFormat.Dpo);
        }

        return chosen;
    }
}
