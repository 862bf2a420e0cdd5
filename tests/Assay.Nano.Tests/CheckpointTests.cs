using System.Buffers.Binary;
using System.Text.Json;

namespace Assay.Nano.Tests;

public sealed class CheckpointTests
{
    [Fact]
    public async Task Checkpoint_round_trip_keeps_config_weights_and_outputs()
    {
        using var dir = new TempDirectory();
        var model = NanoModel.Create(TinyModels.Text(), seed: 9);

        await NanoCheckpoint.SaveAsync(model, dir.Path);
        var loaded = await NanoCheckpoint.LoadAsync(dir.Path);

        Assert.Equal(model.Config, loaded.Config);
        Assert.Equal(model.Weights.ToArray(), loaded.Weights.ToArray());
        Assert.Equal(NanoSampler.NextTokenProbabilities(model, "2+2="), NanoSampler.NextTokenProbabilities(loaded, "2+2="));
    }

    [Fact]
    public async Task Checkpoint_is_a_real_safetensors_file_with_a_config_beside_it()
    {
        using var dir = new TempDirectory();
        var model = NanoModel.Create(TinyModels.Text(), seed: 9);
        await NanoCheckpoint.SaveAsync(model, dir.Path);

        byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(dir.Path, "model.safetensors"));
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var wpe = header.RootElement.GetProperty("wpe");
        long begin = wpe.GetProperty("data_offsets")[0].GetInt64();

        Assert.Equal(0, headerLength % 8);
        Assert.Equal("F32", wpe.GetProperty("dtype").GetString());
        Assert.Equal([48, 32], wpe.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([32, 96], header.RootElement.GetProperty("h.1.attn.c_attn.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(8 + headerLength + (4 * model.ParameterCount), bytes.Length);
        var wpeOffset = model.Tensors.Single(t => t.Name == "wpe").Offset;
        Assert.Equal(model.Weights[wpeOffset], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + headerLength + begin))));
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "config.json")));
        Assert.Equal(32, config.RootElement.GetProperty("width").GetInt32());
        Assert.Equal("assay-char-v1", config.RootElement.GetProperty("tokenizer").GetString());
    }

    [Fact]
    public async Task Truncated_checkpoint_names_the_file_and_says_it_is_truncated()
    {
        using var dir = new TempDirectory();
        await NanoCheckpoint.SaveAsync(NanoModel.Create(TinyModels.Text(), seed: 9), dir.Path);
        string weights = Path.Combine(dir.Path, "model.safetensors");
        byte[] bytes = await File.ReadAllBytesAsync(weights);
        await File.WriteAllBytesAsync(weights, bytes[..(bytes.Length - 100)]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => NanoCheckpoint.LoadAsync(dir.Path));

        Assert.StartsWith(weights + ": truncated: tensor 'ln_f.bias'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_cut_inside_its_header_says_so()
    {
        using var dir = new TempDirectory();
        await NanoCheckpoint.SaveAsync(NanoModel.Create(TinyModels.Text(), seed: 9), dir.Path);
        string weights = Path.Combine(dir.Path, "model.safetensors");
        byte[] bytes = await File.ReadAllBytesAsync(weights);
        await File.WriteAllBytesAsync(weights, bytes[..50]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => NanoCheckpoint.LoadAsync(dir.Path));

        Assert.Contains(weights + ": truncated: the header says", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_header_names_the_file_and_the_problem()
    {
        using var dir = new TempDirectory();
        await NanoCheckpoint.SaveAsync(NanoModel.Create(TinyModels.Text(), seed: 9), dir.Path);
        string weights = Path.Combine(dir.Path, "model.safetensors");
        byte[] bytes = await File.ReadAllBytesAsync(weights);
        bytes[8] = (byte)'#'; // the header's opening brace

        await File.WriteAllBytesAsync(weights, bytes);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => NanoCheckpoint.LoadAsync(dir.Path));

        Assert.StartsWith(weights + ": the header is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weights_that_disagree_with_config_json_are_refused_by_tensor_name()
    {
        using var dir = new TempDirectory();
        await NanoCheckpoint.SaveAsync(NanoModel.Create(TinyModels.Text(), seed: 9), dir.Path);
        using (var other = new TempDirectory())
        {
            await NanoCheckpoint.SaveAsync(NanoModel.Create(TinyModels.Text(context: 40), seed: 9), other.Path);
            File.Copy(Path.Combine(other.Path, "config.json"), Path.Combine(dir.Path, "config.json"), overwrite: true);
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => NanoCheckpoint.LoadAsync(dir.Path));

        Assert.Contains("tensor 'wpe' has shape [48, 32] but config.json implies [40, 32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_config_is_named()
    {
        using var dir = new TempDirectory();
        await NanoCheckpoint.SaveAsync(NanoModel.Create(TinyModels.Text(), seed: 9), dir.Path);
        File.Delete(Path.Combine(dir.Path, "config.json"));

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => NanoCheckpoint.LoadAsync(dir.Path));

        Assert.Contains("config.json: not found", error.Message, StringComparison.Ordinal);
    }
}
