using Assay.Rollouts;
using Assay.Testing;
using Microsoft.Extensions.AI;

namespace Assay.Cluster.Tests;

public sealed class RatePermitHandlerTests
{
    [Fact]
    public async Task A_permit_that_expired_on_the_way_down_through_the_SDK_is_renewed_before_the_request_leaves()
    {
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "ok");
        using var http = PolicyFactory.CreateHttpClient(4, pool => new RatePermitHandler(pool, TimeProvider.System));
        using var client = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse($"openai:m@{service.BaseUrl}"));
        var renewals = 0;
        RatePermit.Current = new RatePermit(DateTimeOffset.UtcNow.AddSeconds(-1), _ =>
        {
            renewals++;
            return Task.FromResult(DateTimeOffset.UtcNow.AddSeconds(1));
        });

        await client.GetResponseAsync("1+1");

        Assert.Equal(1, renewals);
        Assert.Equal(1, service.RequestCount);
    }
}
