using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Assay.Publishing.Tests;

public sealed class PublisherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset July = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private PublishedArchive _archive = null!;

    public async Task InitializeAsync() => _archive = await PublishedArchive.CreateAsync();

    public async Task DisposeAsync() => await _archive.DisposeAsync();

    private string Out => Path.Combine(_archive.Directory, "out");

    private Task<DatasetManifest> PublishAsync(DateTimeOffset asOf, params DatasetFormat[] formats) =>
        new Publisher(_archive.Archive, new FakeTimeProvider(asOf)).PublishAsync(
            Out, new PublicationOptions { AsOf = asOf, Formats = formats.Length > 0 ? formats : DatasetFormats.Public });

    private List<JsonElement> Lines(string file) =>
        File.ReadAllLines(Path.Combine(Out, file)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task Only_passed_rollouts_past_the_embargo_by_their_own_time_are_published()
    {
        await PublishAsync(July);

        var ids = Lines("sft.jsonl").Select(l => l.GetProperty("problem_id").GetString()).Order().ToList();
        Assert.Equal(["HumanEval/0", "arith/1"], ids); // arith/2 was scored in June: 90 days have not passed by July
        foreach (var file in Directory.GetFiles(Out))
        {
            Assert.DoesNotContain(PublishedArchive.Negative, File.ReadAllText(file), StringComparison.Ordinal);
        }

        await PublishAsync(July.AddDays(62));
        Assert.Contains("arith/2", Lines("sft.jsonl").Select(l => l.GetProperty("problem_id").GetString()));
    }

    [Fact]
    public async Task Sft_lines_hold_the_conversation_as_sent_and_prompt_completion_the_same_text()
    {
        await PublishAsync(July);

        var sft = Lines("sft.jsonl").Single(l => l.GetProperty("problem_id").GetString() == "arith/1");
        var messages = sft.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("system", "Answer briefly."), ("user", "prompt of arith/1"), ("assistant", "4")], messages);
        Assert.Equal("exact/1", sft.GetProperty("verifier").GetString());
        var plain = Lines("prompt_completion.jsonl").Single(l => l.GetProperty("problem_id").GetString() == "arith/1");
        Assert.Equal("prompt of arith/1", plain.GetProperty("prompt").GetString());
        Assert.Equal("4", plain.GetProperty("completion").GetString());
        Assert.Equal("Answer briefly.", plain.GetProperty("system").GetString());
    }

    [Fact]
    public async Task Distillation_records_carry_every_archived_token_with_its_top_alternatives()
    {
        await PublishAsync(July);

        var record = Assert.Single(Lines("distill.jsonl")); // the remote rollout has no log-probabilities
        Assert.Equal(3, record.GetProperty("top_k").GetInt32());
        var tokens = record.GetProperty("tokens").EnumerateArray().ToList();
        Assert.Equal(["4", "<|end|>"], tokens.Select(t => t.GetProperty("token").GetString()));
        Assert.Equal(-0.015625, tokens[0].GetProperty("logprob").GetDouble());
        Assert.Equal("NaN", tokens[1].GetProperty("logprob").GetString());
        var top = tokens[0].GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(["4", "5", "é€"], top.Select(t => t.GetProperty("token").GetString()));
        Assert.Equal("-Infinity", top[2].GetProperty("logprob").GetString());
    }

    [Fact]
    public async Task Manifest_hashes_every_file_and_names_cutoff_sources_verifiers_and_licence()
    {
        var manifest = await PublishAsync(July);

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, Publisher.ManifestFileName))).RootElement;
        Assert.Equal(July.AddDays(-90), json.GetProperty("cutoff").GetDateTimeOffset());
        Assert.Equal("CC-BY-4.0", json.GetProperty("licence").GetString());
        Assert.False(json.GetProperty("includes_negatives").GetBoolean());
        Assert.Equal(["sft.jsonl", "prompt_completion.jsonl", "distill.jsonl", "rollouts.parquet"], json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        foreach (var file in json.GetProperty("files").EnumerateArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(Out, file.GetProperty("name").GetString()!));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, file.GetProperty("bytes").GetInt64());
        }

        Assert.Equal([2, 2, 1, 2], manifest.Files.Select(f => f.Records));
        Assert.Equal(["c-nano", "c-remote"], manifest.Campaigns.Select(c => c.Id));
        Assert.Equal(["nano:default", "openai:m@http://127.0.0.1:1/v1"], manifest.Models);
        Assert.Equal([new ManifestVerifier("exact/1", 1), new ManifestVerifier("python-sandbox/2 remote", 1)], manifest.Verifiers);
    }

    [Fact]
    public async Task Dpo_pairs_are_written_only_when_asked_and_pair_answers_to_the_same_problem()
    {
        var manifest = await PublishAsync(July, DatasetFormat.Sft, DatasetFormat.Dpo);

        var pair = Assert.Single(Lines("dpo.jsonl"));
        Assert.Equal("prompt of arith/1", pair.GetProperty("prompt").GetString());
        Assert.Equal("4", pair.GetProperty("chosen").GetString());
        Assert.Equal(PublishedArchive.Negative, pair.GetProperty("rejected").GetString());
        Assert.Equal("failed", pair.GetProperty("rejected_status").GetString());
        Assert.True(manifest.IncludesNegatives);
        Assert.Equal(1, manifest.Campaigns.Single(c => c.Id == "c-nano").Negative);
    }
}
