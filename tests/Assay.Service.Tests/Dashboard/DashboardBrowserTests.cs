using Assay.Service.Tests.Results;
using Assay.Testing;
using Microsoft.Playwright;

namespace Assay.Service.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium against <c>assay serve</c>'s application on a real archive.</summary>
public sealed class DashboardBrowserTests
{
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "dashboard");

    [Fact]
    public async Task The_public_view_hides_what_the_embargo_holds_and_a_subscriber_follows_the_leaderboard_into_a_rollout()
    {
        await using var host = await ResultsHost.StartAsync();
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        // A script or style the content security policy blocks is reported on the console.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };

        // No key: the public tier sees m1, whose early rollouts are past the embargo, and not m2, all of whose are recent.
        await page.GotoAsync(new Uri(host.BaseUrl, "dashboard/").ToString());
        await page.Locator("#leaderboard tr[data-model='m1']").WaitForAsync();
        Assert.Equal(0, await page.Locator("#leaderboard tr[data-model='m2']").CountAsync());
        Assert.Equal("public view", await page.Locator("#tier").TextContentAsync());

        // A subscriber's key: everything, at once; the pass@k chart is drawn.
        await page.FillAsync("#key", host.Keys["subscriber"]);
        await page.ClickAsync("#key-form button[type=submit]");
        await page.Locator("#leaderboard tr[data-model='m2']").WaitForAsync();
        Assert.Equal("subscriber view", await page.Locator("#tier").TextContentAsync());
        Assert.Equal(1, await page.Locator(".chart canvas").CountAsync());
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "leaderboard.png"), FullPage = true });

        // A model's progress over time: pass@1 and cost per verified solution by campaign date.
        await page.ClickAsync("#leaderboard tr[data-model='m1'] a:text('m1')");
        await page.Locator("h1:text('m1 on s1: progress over time')").WaitForAsync();
        Assert.Equal(2, await page.Locator(".chart canvas").CountAsync());
        await page.Locator("#problem-rates").WaitForAsync();
        Assert.Equal(["p1", "p2", "p3"], (await page.Locator("#problem-rates tbody td:first-child").AllTextContentsAsync()).Order());
        await page.GoBackAsync();

        // Into m2's rollouts, then into one of them: the verdict's detail and the completion are shown.
        await page.ClickAsync("#leaderboard tr[data-model='m2'] a:text('rollouts')");
        await page.Locator("#rollouts .rollout-link").First.WaitForAsync();
        await page.Locator("#rollouts .rollout-link").First.ClickAsync();
        await page.Locator("#verdict-detail").WaitForAsync();
        var detail = await page.Locator("#verdict-detail").TextContentAsync();
        Assert.Matches("^(Passed|Failed) detail$", detail);
        Assert.Contains("answer", await page.Locator("#completion").TextContentAsync(), StringComparison.Ordinal);
        Assert.StartsWith("#/rollout/", new Uri(page.Url).Fragment, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "rollout.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.False(await page.Locator("#error").IsVisibleAsync(), await page.Locator("#error").TextContentAsync());
    }
}
