namespace Assay.Rollouts.Tests;

public sealed class ModelSpecTests
{
    [Fact]
    public void Openai_model_with_base_url_splits_at_the_last_at_sign()
    {
        var spec = ModelSpec.Parse("openai:Qwen/Qwen2.5@7B@http://127.0.0.1:8000/v1");
        Assert.Equal("openai", spec.Scheme);
        Assert.Equal("Qwen/Qwen2.5@7B", spec.Model);
        Assert.Equal(new Uri("http://127.0.0.1:8000/v1"), spec.BaseUrl);
    }

    [Fact]
    public void Nano_path_keeps_at_signs_and_has_no_url()
    {
        var spec = ModelSpec.Parse("nano:/ckpt/run@3.safetensors");
        Assert.Equal(new ModelSpec("nano", "/ckpt/run@3.safetensors", null), spec);
    }

    [Fact]
    public void Anthropic_model_without_url_round_trips()
    {
        var spec = ModelSpec.Parse("anthropic:claude-sonnet-4-5");
        Assert.Equal("anthropic:claude-sonnet-4-5", spec.ToString());
        Assert.Null(spec.BaseUrl);
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("openai:")]
    [InlineData("openai:@http://x")]
    [InlineData("openai:m@ftp://host/v1")]
    [InlineData("openai:m@not a url")]
    public void Malformed_names_are_rejected_with_the_name_in_the_message(string name)
    {
        var error = Assert.Throws<FormatException>(() => ModelSpec.Parse(name));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_scheme_names_the_known_ones()
    {
        using var http = new HttpClient();
        var factory = new PolicyFactory(http, _ => null);
        var error = Assert.Throws<PolicyConfigurationException>(() => factory.Create(ModelSpec.Parse("vllm:x")));
        Assert.Contains("anthropic, openai", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Openai_without_key_or_url_and_anthropic_without_key_are_configuration_errors()
    {
        using var http = new HttpClient();
        var factory = new PolicyFactory(http, _ => null);
        Assert.Contains(PolicyFactory.OpenAiKeyVariable,
            Assert.Throws<PolicyConfigurationException>(() => factory.Create(ModelSpec.Parse("openai:gpt-4o-mini"))).Message, StringComparison.Ordinal);
        Assert.Contains(PolicyFactory.AnthropicKeyVariable,
            Assert.Throws<PolicyConfigurationException>(() => factory.Create(ModelSpec.Parse("anthropic:claude"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_scheme_is_used_for_its_models()
    {
        using var http = new HttpClient();
        var factory = new PolicyFactory(http, _ => null);
        ModelSpec? seen = null;
        using var nano = new ScriptedChatClient((_, _) => Task.FromResult(ScriptedChatClient.Answer("4")));
        factory.Register("nano", spec =>
        {
            seen = spec;
            return nano;
        });
        Assert.Same(nano, factory.Create(ModelSpec.Parse("nano:default")));
        Assert.Equal("default", seen!.Model);
    }
}
