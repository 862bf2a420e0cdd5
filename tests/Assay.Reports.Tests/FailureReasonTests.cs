using Assay.Core;

namespace Assay.Reports.Tests;

/// <summary>Refused requests are not samples, and every format names the campaigns and the failures' reasons with counts.</summary>
public sealed class FailureReasonTests
{
    private static readonly Campaign C1 = Rollouts.Campaign("c1");

    private static IEnumerable<Rollout> Mixed() =>
        Rollouts.Problem("c1", "p1", passed: 1, failed: 1, infrastructure: 2).Concat(
        [
            Rollouts.Make("c1", "p1", 7, "m", new Verdict(VerdictStatus.Refused, 0, "policy: Rejected (HTTP 400 BadRequest) after 1 attempt: context_length_exceeded", Isolation.NotApplicable, TimeSpan.Zero)),
        ]);

    [Fact]
    public void Refused_requests_are_counted_apart_and_left_out_of_n()
    {
        var entry = Assert.Single(ReportBuilder.Build(Mixed(), [C1]).Entries);

        Assert.Equal(0.5, entry.PassAtK[0].Value!.Value, 12);
        Assert.Equal(5, entry.Rollouts);
        Assert.Equal(1, entry.Refused);
        Assert.Equal(2, entry.InfrastructureFailures);
        Assert.Equal(2, entry.ProblemsHardestFirst[0].Samples);
        Assert.Equal(2, entry.Verifiers.Sum(v => v.Samples));
        Assert.Equal(
            [new FailureCount(VerdictStatus.Infrastructure, "policy: HTTP 503", 2),
             new FailureCount(VerdictStatus.Refused, "policy: Rejected (HTTP 400 BadRequest) after 1 attempt: context_length_exceeded", 1)],
            entry.FailureReasons);
    }

    [Fact]
    public void Every_format_shows_the_campaigns_and_the_failure_reasons_with_counts()
    {
        var report = ReportBuilder.Build(Mixed(), [C1]);

        foreach (var format in Enum.GetValues<ReportFormat>())
        {
            using var output = new StringWriter();
            ReportRenderer.Write(report, format, output);
            var text = output.ToString();
            Assert.Contains("c1", text, StringComparison.Ordinal);
            Assert.Contains("policy: HTTP 503", text, StringComparison.Ordinal);
            Assert.Contains("context_length_exceeded", text, StringComparison.Ordinal);
            Assert.Contains("refused", text, StringComparison.Ordinal);
        }
    }
}
