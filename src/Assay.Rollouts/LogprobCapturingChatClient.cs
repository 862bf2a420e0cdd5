using System.Runtime.CompilerServices;
using Assay.Core;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Assay.Rollouts;

/// <summary>
/// Asks the service for per-token logprobs and the top <c>K</c> alternatives, and records what comes back under
/// <see cref="PolicyProperties.Logprobs"/>. For the OpenAI SDK the request goes through
/// <see cref="ChatOptions.RawRepresentationFactory"/> (M.E.AI has no logprob option) and the answer is read from the
/// raw <see cref="ChatCompletion"/>; other policies get the count under <see cref="PolicyProperties.TopLogprobs"/>
/// and may fill in <see cref="PolicyProperties.Logprobs"/> themselves. Anthropic's API returns no logprobs.
/// </summary>
public sealed class LogprobCapturingChatClient : DelegatingChatClient
{
    private readonly int _topLogprobs;

    /// <summary>Wraps <paramref name="innerClient"/>, asking for <paramref name="topLogprobs"/> alternatives per token.</summary>
    public LogprobCapturingChatClient(IChatClient innerClient, int topLogprobs)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topLogprobs);
        _topLogprobs = topLogprobs;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, Ask(options), cancellationToken).ConfigureAwait(false);
        if (PolicyProperties.GetLogprobs(response) is null && response.RawRepresentation is ChatCompletion completion
            && completion.ContentTokenLogProbabilities is { Count: > 0 } tokens)
        {
            PolicyProperties.Set(response, PolicyProperties.Logprobs, Convert(tokens));
        }

        return response;
    }

    /// <summary>Streaming: the same request; the logprobs of every chunk are gathered and recorded on the last update.</summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var gathered = new List<TokenLogprob>();
        ChatResponseUpdate? held = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, Ask(options), cancellationToken).ConfigureAwait(false))
        {
            if (update.RawRepresentation is StreamingChatCompletionUpdate chunk && chunk.ContentTokenLogProbabilities is { Count: > 0 } tokens)
            {
                gathered.AddRange(Convert(tokens));
            }

            // One update is held back, so the last one can carry the whole completion's logprobs.
            if (held is not null)
            {
                yield return held;
            }

            held = update;
        }

        if (held is not null)
        {
            if (gathered.Count > 0)
            {
                PolicyProperties.Set(held, PolicyProperties.Logprobs, gathered.ToArray());
            }

            yield return held;
        }
    }

    /// <summary>The options with logprobs asked for: the count for any policy, and the OpenAI SDK's own request fields.</summary>
    private ChatOptions Ask(ChatOptions? options)
    {
        var asked = options?.Clone() ?? new ChatOptions();
        asked.AdditionalProperties ??= [];
        asked.AdditionalProperties[PolicyProperties.TopLogprobs] = _topLogprobs;
        var previous = asked.RawRepresentationFactory;
        asked.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client);
            if (client.GetService<ChatClient>() is null)
            {
                return raw;
            }

            var completionOptions = raw as ChatCompletionOptions ?? new ChatCompletionOptions();
            completionOptions.IncludeLogProbabilities = true;
            completionOptions.TopLogProbabilityCount = _topLogprobs;
            return completionOptions;
        };
        return asked;
    }

    private static TokenLogprob[] Convert(IReadOnlyList<ChatTokenLogProbabilityDetails> tokens)
    {
        var result = new TokenLogprob[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var top = new TopLogprob[token.TopLogProbabilities.Count];
            for (var j = 0; j < top.Length; j++)
            {
                top[j] = new TopLogprob(token.TopLogProbabilities[j].Token, token.TopLogProbabilities[j].LogProbability);
            }

            result[i] = new TokenLogprob(token.Token, token.LogProbability, top);
        }

        return result;
    }
}
