using Assay.Core;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// The keys under which Assay's decorators talk to each other through <c>AdditionalProperties</c>, and typed
/// accessors for them. A policy that computes logprobs itself (nano) writes <see cref="Logprobs"/> directly and
/// reads the requested count from <see cref="TopLogprobs"/>.
/// </summary>
public static class PolicyProperties
{
    /// <summary>Response property: the request's cost in US dollars (<see cref="decimal"/>).</summary>
    public const string Cost = "assay.cost";

    /// <summary>Response property: the completion's per-token logprobs (<see cref="IReadOnlyList{TokenLogprob}"/>).</summary>
    public const string Logprobs = "assay.logprobs";

    /// <summary>Options property: how many alternatives per position to return (<see cref="int"/>), 0 for the chosen token only.</summary>
    public const string TopLogprobs = "assay.top_logprobs";

    /// <summary>The cost <see cref="CostAccountingChatClient"/> recorded, or 0.</summary>
    public static decimal GetCost(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(Cost, out var value) == true && value is decimal cost ? cost : 0m;
    }

    /// <summary>The cost <see cref="CostAccountingChatClient"/> recorded on a streaming update (the one carrying usage), or 0.</summary>
    public static decimal GetCost(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(Cost, out var value) == true && value is decimal cost ? cost : 0m;
    }

    /// <summary>The logprobs captured for the response, or null.</summary>
    public static IReadOnlyList<TokenLogprob>? GetLogprobs(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(Logprobs, out var value) == true ? value as IReadOnlyList<TokenLogprob> : null;
    }

    internal static void Set(ChatResponse response, string key, object value)
    {
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[key] = value;
    }

    internal static void Set(ChatResponseUpdate update, string key, object value)
    {
        update.AdditionalProperties ??= [];
        update.AdditionalProperties[key] = value;
    }
}
