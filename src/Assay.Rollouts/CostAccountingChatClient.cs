using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>Prices every answered request from its reported usage and records the cost under <see cref="PolicyProperties.Cost"/>.</summary>
public sealed class CostAccountingChatClient : DelegatingChatClient
{
    private readonly ModelPrice _price;

    /// <summary>Wraps <paramref name="innerClient"/>, charging <paramref name="price"/>.</summary>
    public CostAccountingChatClient(IChatClient innerClient, ModelPrice price)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(price);
        _price = price;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var usage = response.Usage;
        PolicyProperties.Set(response, PolicyProperties.Cost, _price.CostOf(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0));
        return response;
    }
}
