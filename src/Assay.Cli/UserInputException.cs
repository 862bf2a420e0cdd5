namespace Assay.Cli;

/// <summary>An error the user caused (a bad flag value, a missing file): printed as one line, exit code 2.</summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message)
        : base(message)
    {
    }

    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserInputException()
    {
    }
}
