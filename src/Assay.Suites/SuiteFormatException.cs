namespace Assay.Suites;

/// <summary>A suite or samples file that cannot be read; the message names the file, line and field.</summary>
public sealed class SuiteFormatException : Exception
{
    public SuiteFormatException(string message)
        : base(message)
    {
    }

    public SuiteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SuiteFormatException()
    {
    }

    /// <summary>Builds the error for one line of one file, in the form <c>FILE:LINE: field 'x' ...</c>.</summary>
    public static SuiteFormatException At(string path, int line, string message, Exception? inner = null) =>
        inner is null
            ? new SuiteFormatException($"{path}:{line}: {message}")
            : new SuiteFormatException($"{path}:{line}: {message}", inner);
}
