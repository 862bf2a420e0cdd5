namespace Assay.Rollouts;

/// <summary>How a request went, as far as <see cref="AimdConcurrencyLimiter"/> cares.</summary>
public enum ConcurrencyOutcome
{
    /// <summary>Answered: the service has room, try one more.</summary>
    Success,
    /// <summary>429: the service is overloaded, back off.</summary>
    Overloaded,
    /// <summary>Failed or cancelled for another reason: says nothing about load.</summary>
    Neutral,
}
