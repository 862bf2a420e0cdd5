using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Prices every answered request from its reported usage and records the cost under <see cref="PolicyProperties.Cost"/>:
/// on the response, or on the streaming update that carries the usage. Its <see cref="CostAccountant"/> is reachable
/// through <c>GetService</c>.
/// </summary>
public sealed class CostAccountingChatClient : DelegatingChatClient
{
    private readonly CostAccountant _accountant;

    /// <summary>Wraps <paramref name="innerClient"/>, charging <paramref name="price"/>.</summary>
    public CostAccountingChatClient(IChatClient innerClient, ModelPrice price)
        : base(innerClient)
    {
        _accountant = new CostAccountant(price);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        PolicyProperties.Set(response, PolicyProperties.Cost, _accountant.Charge(response.Usage));
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent usage)
                {
                    PolicyProperties.Set(update, PolicyProperties.Cost, _accountant.Charge(usage.Details));
                }
            }

            yield return update;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(CostAccountant) ? _accountant : base.GetService(serviceType, serviceKey);
}
