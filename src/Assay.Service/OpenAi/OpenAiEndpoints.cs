using System.Text.Json;
using Assay.Nano;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Service.OpenAi;

/// <summary>
/// The OpenAI-compatible API for nano: <c>GET /v1/models</c>, <c>POST /v1/chat/completions</c> and
/// <c>POST /v1/completions</c>, with <c>n</c>, <c>temperature</c>, <c>top_p</c>, <c>max_tokens</c>, <c>stop</c>,
/// <c>seed</c>, log-probabilities, streaming (server-sent events) and <c>usage</c>. Refusals use OpenAI's error shape.
/// </summary>
public static class OpenAiEndpoints
{
    /// <summary>Default <c>max_tokens</c> of a chat request that gives none: the rest of the context.</summary>
    private const int ChatDefaultMaxTokens = int.MaxValue;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the endpoints under <c>/v1</c>.</summary>
    public static IEndpointRouteBuilder MapOpenAi(this IEndpointRouteBuilder routes, ServedModels models, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(clock);
        // One gate for the process (ServerHardening registers it), so /health can show what it holds.
        var gate = routes.ServiceProvider.GetRequiredService<GenerationGate>();
        routes.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = models.Ids.Select(id => Model(models, id)) }));
        // Model ids are nano:PATH, which may hold slashes: the id is the rest of the path.
        routes.MapGet("/v1/models/{**id}", (string id) => models.Ids.Contains(id, StringComparer.Ordinal)
            ? Results.Json(Model(models, id))
            : Results.Json(ServedModels.NotFound(id, models).ToBody(), statusCode: 404));
        routes.MapPost("/v1/chat/completions", (HttpContext http) =>
            HandleAsync(http, body => GenerationRequestReader.ReadChat(body, ChatDefaultMaxTokens), models, gate, clock));
        routes.MapPost("/v1/completions", (HttpContext http) =>
            HandleAsync(http, GenerationRequestReader.ReadText, models, gate, clock));
        return routes;
    }

    private static object Model(ServedModels models, string id) => new { id, @object = "model", created = models.Created, owned_by = "assay" };

    private static async Task HandleAsync(HttpContext http, Func<JsonElement, GenerationRequest> read, ServedModels models, GenerationGate gate, TimeProvider clock)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            JsonElement body;
            try
            {
                using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                body = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new OpenAiRequestException($"The body is not valid JSON: {ex.Message}", param: null);
            }
            catch (BadHttpRequestException ex)
            {
                // Kestrel's limits (ServerLimits): a chunked body that grew past the largest accepted.
                throw new OpenAiRequestException(ex.Message, param: null, ex.StatusCode, "invalid_request_error", ex.StatusCode == 413 ? "request_too_large" : null);
            }

            var request = read(body);
            var model = models.Get(request.Model);
            var (prompt, sampling) = NanoGeneration.Prepare(model, request);
            var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            await using var released = slot.ConfigureAwait(false);
            var id = (request.Messages is null ? "cmpl-" : "chatcmpl-") + Guid.NewGuid().ToString("N");
            var created = clock.GetUtcNow().ToUnixTimeSeconds();
            if (request.Stream)
            {
                await StreamAsync(http, request, id, created, model, prompt, sampling, slot, cancellationToken).ConfigureAwait(false);
                return;
            }

            var samples = await slot.Run(() => NanoGeneration.Run(model, prompt, sampling, null, cancellationToken), cancellationToken).ConfigureAwait(false);
            var logprobs = request.TopLogprobs is not null;
            object response = request.Messages is null
                ? OpenAiResponses.Text(id, created, request.Model, samples, request.Prompt!, request.Echo, logprobs)
                : OpenAiResponses.Chat(id, created, request.Model, samples, logprobs);
            await http.Response.WriteAsJsonAsync(response, s_json, cancellationToken).ConfigureAwait(false);
        }
        catch (OpenAiRequestException error)
        {
            http.Response.StatusCode = error.Status;
            await http.Response.WriteAsJsonAsync(error.ToBody(), s_json, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex) when (!http.Response.HasStarted)
        {
            // nano's own validation (e.g. a prompt that does not fit) is the client's fault.
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new OpenAiRequestException(ex.Message, param: null).ToBody(), s_json, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Server-sent events, sent while nano generates: for chat a first chunk with the role of every choice, then a
    /// chunk per delta (usually one token; text that may still become a stop string waits until it cannot), a
    /// chunk with each choice's finish reason as it ends, the usage chunk when asked for, then [DONE]. The n choices
    /// are generated as one batch, so their chunks interleave, told apart by <c>index</c> as in OpenAI's stream.
    /// </summary>
    private static async Task StreamAsync(
        HttpContext http, GenerationRequest request, string id, long created, NanoModel model, int[] prompt, SamplingRequest sampling,
        GenerationSlot slot, CancellationToken cancellationToken)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var chat = request.Messages is not null;
        var logprobs = request.TopLogprobs is not null;
        var stream = slot.Stream(report => NanoGeneration.Run(model, prompt, sampling, report, cancellationToken), cancellationToken);

        // Text completions: where each choice's next token starts in its text (echo puts the prompt first).
        var offsets = new int[request.N];
        for (var index = 0; index < request.N; index++)
        {
            if (chat)
            {
                await SendAsync(http, OpenAiResponses.ChatChunk(id, created, request.Model, index, new { role = "assistant", content = "" }, null, null), cancellationToken).ConfigureAwait(false);
            }
            else if (request.Echo)
            {
                await SendAsync(http, OpenAiResponses.TextChunk(id, created, request.Model, index, request.Prompt!, null, logprobs ? OpenAiResponses.TextLogprobs([], 0) : null), cancellationToken).ConfigureAwait(false);
                offsets[index] = request.Prompt!.Length;
            }
        }

        await foreach (var delta in stream.Deltas.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (delta.Text.Length > 0 || delta.Logprobs is { Count: > 0 })
            {
                object chunk = chat
                    ? OpenAiResponses.ChatChunk(id, created, request.Model, delta.Index, new { content = delta.Text }, null, logprobs ? delta.Logprobs : null)
                    : OpenAiResponses.TextChunk(id, created, request.Model, delta.Index, delta.Text, null, logprobs ? OpenAiResponses.TextLogprobs(delta.Logprobs, offsets[delta.Index]) : null);
                offsets[delta.Index] += delta.Logprobs?.Sum(t => t.Token.Length) ?? 0;
                await SendAsync(http, chunk, cancellationToken).ConfigureAwait(false);
            }

            if (delta.Finish is { } finish)
            {
                object last = chat
                    ? OpenAiResponses.ChatChunk(id, created, request.Model, delta.Index, new { }, finish, null)
                    : OpenAiResponses.TextChunk(id, created, request.Model, delta.Index, "", finish, null);
                await SendAsync(http, last, cancellationToken).ConfigureAwait(false);
            }
        }

        var samples = await stream.Result.ConfigureAwait(false);
        if (request.StreamUsage)
        {
            await SendAsync(http, OpenAiResponses.UsageChunk(id, created, request.Model, samples), cancellationToken).ConfigureAwait(false);
        }

        await http.Response.WriteAsync("data: [DONE]\n\n", cancellationToken).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpContext http, object chunk, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk, s_json) + "\n\n", cancellationToken).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
