namespace Assay.Cluster;

/// <summary>The last check before a request leaves for the service: permits that expired on the way down (see
/// <see cref="RatePermit"/>) are renewed before it is sent. In front of the worker's connection pool. The request
/// carries the time of that check (<see cref="CheckedHeader"/>, Unix milliseconds), so a service can tell how long it
/// took to arrive: a permit holds only if it arrives within the rest of its window.</summary>
public sealed class RatePermitHandler : DelegatingHandler
{
    /// <summary>The header stamped with the time of the last permit check.</summary>
    public const string CheckedHeader = "Assay-Permit-Checked";

    /// <summary>Creates the handler in front of <paramref name="inner"/>.</summary>
    public RatePermitHandler(HttpMessageHandler inner, TimeProvider time)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
    }

    /// <summary>The clock permits expire on.</summary>
    public TimeProvider Time { get; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RatePermit.Current is { } permit)
        {
            var expires = permit.Expires;
            while (expires <= Time.GetUtcNow())
            {
                expires = await permit.RenewAsync(cancellationToken).ConfigureAwait(false);
            }

            request.Headers.TryAddWithoutValidation(CheckedHeader, Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
