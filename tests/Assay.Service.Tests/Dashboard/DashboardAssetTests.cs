using System.Net;
using Assay.Service.Tests.Results;

namespace Assay.Service.Tests.Dashboard;

/// <summary>The dashboard's pages as HTTP serves them: from the assembly, typed, revalidated by ETag, under the service's headers.</summary>
public sealed class DashboardAssetTests
{
    [Fact]
    public async Task Pages_and_the_vendored_chart_library_are_served_typed_with_etags_and_the_service_s_policy()
    {
        await using var host = await ResultsHost.StartAsync(seed: false);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };

        using var bare = await client.GetAsync("dashboard");
        using var index = await client.GetAsync("dashboard/");
        using var chart = await client.GetAsync("dashboard/vendor/uplot/uPlot.iife.min.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "dashboard/vendor/uplot/uPlot.iife.min.js");
        again.Headers.IfNoneMatch.Add(chart.Headers.ETag!);
        using var unchanged = await client.SendAsync(again);
        using var missing = await client.GetAsync("dashboard/no-such-file.js");

        Assert.Equal((HttpStatusCode.MovedPermanently, "/dashboard/"), (bare.StatusCode, bare.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"main.js\">", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", chart.Content.Headers.ContentType?.MediaType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Assay.Testing.RepositoryPaths.Root, "src/Assay.Service/Dashboard/vendor/uplot/uPlot.iife.min.js")),
            await chart.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
