using System.Diagnostics;
using System.Text.Json;
using Assay.Testing;

namespace Assay.Service.Tests;

public sealed class NodeClientTests(ServedNano served) : IClassFixture<ServedNano>
{
    private static string NodeTests() => Path.Combine(RepositoryPaths.Root, "tests", "node");

    [Fact]
    public async Task Official_openai_npm_package_gets_answers_usage_logprobs_and_streams()
    {
        var folder = NodeTests();
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "openai")),
            $"the openai npm package is not installed in {folder}: run .ci/install (npm ci there)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "chat.mjs", served.BaseUrl.ToString(), ServedNano.ModelId, "2+2=" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);

        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["4", "4"], result.GetProperty("content").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["stop", "stop"], result.GetProperty("finish").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(6, result.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        var logprobs = result.GetProperty("logprobs");
        Assert.Equal("4", logprobs[0].GetProperty("token").GetString());
        Assert.Equal(3, logprobs[0].GetProperty("top").GetInt32());
        Assert.True(logprobs[0].GetProperty("logprob").GetDouble() is <= 0 and > -1);
        Assert.Equal("4", result.GetProperty("streamed").GetString());
        Assert.Equal(2, result.GetProperty("streamUsage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(result.GetProperty("text").GetString(), string.Concat(result.GetProperty("textTokens").EnumerateArray().Select(t => t.GetString())));
        Assert.InRange(result.GetProperty("textTokens").GetArrayLength(), 0, 4);
        Assert.Equal(400, result.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal("temperature", result.GetProperty("error").GetProperty("param").GetString());
    }
}
