using System.Security.Cryptography;
using System.Text;
using Assay.Core;
using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Resolves <c>Authorization: Bearer KEY</c> into the request's <see cref="Caller"/>. No header: the public tier. A key
/// that is unknown, forged or revoked gets a 401 rather than silently the public tier, so a client learns its key
/// stopped working. A server started without keys ignores the header (OpenAI clients always send one). Keys are
/// looked up in <see cref="KnownKeys"/>, so a key seen before costs no database read.
/// </summary>
internal sealed class KeyAuthentication(ResultsServiceOptions options, KnownKeys? keys)
{
    private static readonly Caller s_modelCaller = new(Caller.ModelKeyId, Tier.Public);

    private readonly byte[]? _modelKeyHash = options.ModelKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!options.KeysRequired || header.Length == 0)
        {
            http.Features.Set(Caller.Anonymous);
            await next(http);
            return;
        }

        const string Scheme = "Bearer ";
        var caller = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? await ResolveAsync(header.AsMemory(Scheme.Length).Trim(), http.RequestAborted)
            : null;
        if (caller is null)
        {
            http.Features.Set(Caller.Anonymous);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ServiceErrors.WriteAsync(http, StatusCodes.Status401Unauthorized,
                "The API key is not valid (unknown, revoked or malformed); send Authorization: Bearer KEY, or no header for the public tier.",
                "authentication_error", "invalid_api_key");
            return;
        }

        http.Features.Set(caller);
        await next(http);
    }

    private ValueTask<Caller?> ResolveAsync(ReadOnlyMemory<char> secret, CancellationToken cancellationToken)
    {
        if (_modelKeyHash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret.ToString())), _modelKeyHash))
        {
            return ValueTask.FromResult<Caller?>(s_modelCaller);
        }

        return keys is null ? ValueTask.FromResult<Caller?>(null) : keys.ResolveAsync(secret, cancellationToken);
    }

}
