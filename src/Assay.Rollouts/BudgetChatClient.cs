using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Keeps a campaign within its spending limit: a request, streaming or not, is sent only when its worst case
/// (<see cref="WorstCaseCost"/>) fits in what its <see cref="BudgetAccount"/> has left, and throws
/// <see cref="BudgetExhaustedException"/> unsent otherwise. Sits outside <see cref="CostAccountingChatClient"/>, whose
/// price it reckons with and whose cost it charges, and outside the retries, so one reservation covers every attempt.
/// </summary>
public sealed class BudgetChatClient : DelegatingChatClient
{
    /// <summary>Tokens a chat template may add around one message (role markers, start and end of turn).</summary>
    private const int ChatTemplateTokens = 32;

    private readonly BudgetAccount _account;

    /// <summary>Wraps <paramref name="innerClient"/> with <paramref name="account"/>.</summary>
    public BudgetChatClient(IChatClient innerClient, BudgetAccount account)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
    }

    /// <summary>
    /// The most a request can cost at <paramref name="price"/>: every UTF-8 byte of every message a token (no byte-level
    /// tokenizer does worse), 32 more per message for the chat template's markers, and all of
    /// <see cref="ChatOptions.MaxOutputTokens"/> (none when the request sets no cap).
    /// </summary>
    public static decimal WorstCaseCost(IEnumerable<ChatMessage> messages, ChatOptions? options, ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(price);
        long prompt = 0;
        foreach (var message in messages)
        {
            prompt += Encoding.UTF8.GetByteCount(message.Text) + ChatTemplateTokens;
        }

        return price.CostOf(prompt, options?.MaxOutputTokens ?? 0);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reservation = await ReserveAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var cost = 0m;
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            cost = PolicyProperties.GetCost(response);
            return response;
        }
        finally
        {
            _account.Settle(reservation, cost);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reservation = await ReserveAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var cost = 0m;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                cost += PolicyProperties.GetCost(update);
                yield return update;
            }
        }
        finally
        {
            _account.Settle(reservation, cost);
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(BudgetAccount) ? _account : base.GetService(serviceType, serviceKey);

    private async Task<decimal> ReserveAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var worstCase = _account.Price is { } price ? WorstCaseCost(messages, options, price) : 0m;
        if (!await _account.ReserveAsync(worstCase, cancellationToken).ConfigureAwait(false))
        {
            throw new BudgetExhaustedException(
                $"budget: ${_account.Spent} of ${_account.Limit} spent; a request's worst case of ${worstCase} does not fit");
        }

        return worstCase;
    }
}
