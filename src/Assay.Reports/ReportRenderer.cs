namespace Assay.Reports;

/// <summary>Writes a report in the format asked for: the one place <c>--format</c> is decided.</summary>
public static class ReportRenderer
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(Report report, ReportFormat format, TextWriter output, int hardestProblems = 10)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case ReportFormat.Table:
                TableConsole.For(output).Write(ReportTable.Create(report, hardestProblems));
                break;
            case ReportFormat.Json:
                output.WriteLine(ReportJson.Serialize(report));
                break;
            case ReportFormat.Markdown:
                output.Write(ReportMarkdown.Render(report, hardestProblems));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
        }
    }
}
