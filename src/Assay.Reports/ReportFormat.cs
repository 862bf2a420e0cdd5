namespace Assay.Reports;

/// <summary>How <see cref="ReportRenderer"/> writes a report (<c>assay report --format</c>).</summary>
public enum ReportFormat
{
    /// <summary>Tables for a terminal.</summary>
    Table,
    /// <summary>JSON, every number in full.</summary>
    Json,
    /// <summary>GitHub-flavoured Markdown tables.</summary>
    Markdown,
}
