namespace Assay.Cli.Tests;

/// <summary>The training routes refuse what they cannot run in one line naming the flag, before any model is loaded.</summary>
public sealed class TrainVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-train-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("train rl --method ppo", "error: --method 'ppo': expected expert-iteration or grpo")]
    [InlineData("train rl --kl -1", "error: --clip/--kl: GrpoObjective.KlCoefficient must be a finite number ≥ 0, got -1.")]
    [InlineData("train rl --levels arithmetic:99", "error: --levels: 'arithmetic:99': arithmetic goes up to difficulty")]
    [InlineData("train rl --levels poetry:1", "error: --levels: 'poetry' is not a generator")]
    [InlineData("train distill", "error: distill: give exactly one of --teacher MODEL (with --data) and --from-campaign ID")]
    [InlineData("train distill --teacher nano:default", "error: --teacher: give --data DATASET, the answers to distil along")]
    [InlineData("train sft --data missing.jsonl", "error: --data ")]
    public async Task A_route_given_what_it_cannot_run_names_the_flag_in_one_line(string arguments, string expected)
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, arguments.Split(' '));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sft_data_with_a_system_turn_is_refused_naming_file_and_line()
    {
        var data = Path.Combine(_directory.FullName, "sft.jsonl");
        await File.WriteAllTextAsync(data, """{"messages":[{"role":"system","content":"x"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}""" + "\n");

        var result = await AssayProcess.RunAsync(_directory.FullName, ["train", "sft", "--data", data]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {data}:1: a system message: nano's chat format has no system turn", result.Error.Trim());
    }
}
