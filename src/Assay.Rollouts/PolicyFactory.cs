using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Assay.Rollouts;

/// <summary>
/// Turns a <see cref="ModelSpec"/> into the bare <see cref="IChatClient"/> of its service: the official OpenAI SDK
/// (any OpenAI-compatible endpoint) or the official Anthropic SDK, both with their own retries turned off because
/// <see cref="RetryingChatClient"/> is the one retry layer. Other schemes (<c>nano</c>) are registered by whoever
/// provides them, so this project does not depend on them.
/// </summary>
public sealed class PolicyFactory
{
    /// <summary>Environment variable holding the key for <c>openai:</c> models; optional for local servers.</summary>
    public const string OpenAiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Environment variable holding the key for <c>anthropic:</c> models.</summary>
    public const string AnthropicKeyVariable = "ANTHROPIC_API_KEY";

    private readonly Dictionary<string, Func<ModelSpec, IChatClient>> _schemes = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a factory.</summary>
    /// <param name="http">The HTTP client every remote policy shares (its handler holds the connection pool).</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    public PolicyFactory(HttpClient http, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _schemes["openai"] = CreateOpenAi;
        _schemes["anthropic"] = CreateAnthropic;
    }

    /// <summary>An HTTP client suited to many concurrent requests to one service: a large keep-alive pool, no
    /// client-side timeout (each attempt's timeout is <see cref="RetryOptions.AttemptTimeout"/>).</summary>
    /// <param name="maxConnections">Connections per server at most.</param>
    /// <param name="wrap">A handler to put in front of the connection pool (a last check before each request leaves); optional.</param>
    public static HttpClient CreateHttpClient(int maxConnections, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        return new HttpClient(wrap is null ? handler : wrap(handler), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Registers (or replaces) the client factory for a scheme, e.g. <c>nano</c>.</summary>
    public void Register(string scheme, Func<ModelSpec, IChatClient> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(create);
        _schemes[scheme.ToLowerInvariant()] = create;
    }

    /// <summary>The bare client for <paramref name="spec"/>.</summary>
    /// <exception cref="PolicyConfigurationException">No factory is registered for the scheme, or a key is missing.</exception>
    public IChatClient Create(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!_schemes.TryGetValue(spec.Scheme, out var create))
        {
            var known = string.Join(", ", _schemes.Keys.Order(StringComparer.Ordinal));
            throw new PolicyConfigurationException($"model '{spec}': unknown scheme '{spec.Scheme}' (known: {known})");
        }

        return create(spec);
    }

    private IChatClient CreateOpenAi(ModelSpec spec)
    {
        var key = _environment(OpenAiKeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            if (spec.BaseUrl is null)
            {
                throw new PolicyConfigurationException($"model '{spec}': {OpenAiKeyVariable} is not set (needed for api.openai.com)");
            }

            // Local servers (vLLM, llama.cpp, Ollama) ignore the key, but the SDK insists on a non-empty one.
            key = "no-key";
        }

        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http),
            NetworkTimeout = TimeSpan.FromHours(1),

            // Per-request logging and tracing policies cost CPU on every rollout and nothing here reads them.
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false },
            EnableDistributedTracing = false,
        };
        if (spec.BaseUrl is not null)
        {
            options.Endpoint = spec.BaseUrl;
        }

        var client = new OpenAIClient(new ApiKeyCredential(key), options);
        return client.GetChatClient(spec.Model).AsIChatClient();
    }

    private IChatClient CreateAnthropic(ModelSpec spec)
    {
        var key = _environment(AnthropicKeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            throw new PolicyConfigurationException($"model '{spec}': {AnthropicKeyVariable} is not set");
        }

        var options = new Anthropic.Core.ClientOptions
        {
            ApiKey = key,
            MaxRetries = 0,
            HttpClient = _http,
            Timeout = TimeSpan.FromHours(1),
        };
        if (spec.BaseUrl is not null)
        {
            options.BaseUrl = spec.BaseUrl.OriginalString;
        }

        return new AnthropicClient(options).AsIChatClient(spec.Model);
    }
}
