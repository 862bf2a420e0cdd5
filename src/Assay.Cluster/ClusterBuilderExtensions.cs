using Microsoft.Extensions.AI;

namespace Assay.Cluster;

/// <summary>The cluster's decorators as <see cref="ChatClientBuilder"/> steps, beside Assay.Rollouts' own.</summary>
public static class ClusterBuilderExtensions
{
    /// <summary>Keeps every worker together under a service's limits (<see cref="ClusterRateLimitingChatClient"/>): the step
    /// a cluster uses where a single machine uses <c>UseRateLimits</c>. No step is added when both limiters are null.</summary>
    public static ChatClientBuilder UseClusterRateLimits(this ChatClientBuilder builder, ClusterRateLimiter? requests, ClusterRateLimiter? tokens, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(time);
        return requests is null && tokens is null ? builder : builder.Use(inner => new ClusterRateLimitingChatClient(inner, requests, tokens, time));
    }
}
