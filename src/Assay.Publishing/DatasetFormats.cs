namespace Assay.Publishing;

/// <summary>The one place that names each <see cref="DatasetFormat"/>'s file and command-line word.</summary>
public static class DatasetFormats
{
    /// <summary>The formats whose records are all positive rollouts past the embargo: what anyone may read.</summary>
    public static IReadOnlyList<DatasetFormat> Public { get; } =
        [DatasetFormat.Sft, DatasetFormat.PromptCompletion, DatasetFormat.Distill, DatasetFormat.Parquet];

    /// <summary>True for a format that holds negative rollouts.</summary>
    public static bool HoldsNegatives(DatasetFormat format) => format == DatasetFormat.Dpo;

    /// <summary>The file a format is written to.</summary>
    public static string FileName(DatasetFormat format) => format switch
    {
        DatasetFormat.Sft => "sft.jsonl",
        DatasetFormat.PromptCompletion => "prompt_completion.jsonl",
        DatasetFormat.Distill => "distill.jsonl",
        DatasetFormat.Parquet => "rollouts.parquet",
        DatasetFormat.Dpo => "dpo.jsonl",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The word for a format on the command line and in the manifest.</summary>
    public static string Word(DatasetFormat format) => format switch
    {
        DatasetFormat.Sft => "sft",
        DatasetFormat.PromptCompletion => "prompt-completion",
        DatasetFormat.Distill => "distill",
        DatasetFormat.Parquet => "parquet",
        DatasetFormat.Dpo => "dpo",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The format named by <paramref name="word"/>, or null.</summary>
    public static DatasetFormat? Parse(string word) =>
        Enum.GetValues<DatasetFormat>().Where(f => Word(f) == word).Select(f => (DatasetFormat?)f).FirstOrDefault();
}
