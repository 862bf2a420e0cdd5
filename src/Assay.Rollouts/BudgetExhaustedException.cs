namespace Assay.Rollouts;

/// <summary>A request was not sent: its worst case does not fit in what the campaign's budget has left
/// (<see cref="BudgetChatClient"/>). Nothing was asked, so nothing is archived; a resume with a larger budget asks it.</summary>
public sealed class BudgetExhaustedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BudgetExhaustedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BudgetExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
