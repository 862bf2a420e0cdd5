using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Service.Tests.Results;

/// <summary>
/// Every endpoint the application maps (read from its own route table) × every caller × before and after the embargo
/// releases a rollout. An endpoint added without a row in <see cref="AccessMatrix"/> fails the first test.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private ResultsHost _host = null!;

    public async Task InitializeAsync() => _host = await ResultsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Every_endpoint_in_the_route_table_has_exactly_one_row_in_the_matrix()
    {
        var mapped = _host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var rows = AccessMatrix.Rows.Select(r => $"{r.Method} {r.Pattern}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(mapped, rows);
    }

    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_the_matrix_says_before_and_after_the_embargo()
    {
        var failures = new List<string>();
        foreach (var after in new[] { false, true })
        {
            if (after)
            {
                // SeededArchive.NewPositive was created 5 days before Now: 85 days later it is past the 90-day embargo.
                _host.Clock.Advance(TimeSpan.FromDays(86));
            }

            foreach (var row in AccessMatrix.Rows)
            {
                foreach (var caller in AccessMatrix.Callers)
                {
                    var label = $"{row.Method} {row.Pattern} as {caller ?? "no key"} {(after ? "after" : "before")} the embargo";
                    using var client = new HttpClient { BaseAddress = _host.BaseUrl };
                    using var request = await row.Request(_host);
                    if (caller is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Keys[caller]);
                    }

                    using var response = await client.SendAsync(request);
                    var expected = AccessMatrix.StatusOf(row, caller, after);
                    var body = await AccessMatrix.JsonOf(response);
                    if (response.StatusCode != expected)
                    {
                        failures.Add($"{label}: {(int)response.StatusCode}, expected {(int)expected}: {body}");
                        continue;
                    }

                    if ((int)expected >= 400 && body?.TryGetProperty("error", out _) != true)
                    {
                        failures.Add($"{label}: the {(int)expected} has no JSON error body");
                    }

                    try
                    {
                        if ((int)expected < 300 && row.Check is not null && body is { } json)
                        {
                            row.Check(caller, after, json);
                        }
                    }
                    catch (Xunit.Sdk.XunitException ex)
                    {
                        failures.Add($"{label}: {ex.Message}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
