using Npgsql;

namespace Assay.Archive;

/// <summary>Turns a libpq-style URL, <c>postgres://user:pass@host:port/db?sslmode=require</c>, into an Npgsql connection string.</summary>
internal static class PostgresUrl
{
    private const int DefaultPort = 5432;

    /// <summary>The connection string, and the URL with its password replaced by <c>***</c> for messages.</summary>
    public static (string ConnectionString, string Display) ToConnectionString(string url)
    {
        var display = Redact(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArchiveLocationException($"--db \"{display}\": not a valid URL; expected postgres://user:pass@host:port/db.");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ArchiveLocationException($"--db \"{display}\": the URL has no host; expected postgres://user:pass@host:port/db.");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new ArchiveLocationException($"--db \"{display}\": the URL names no database; expected postgres://user:pass@host:port/db.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.Port > 0 ? uri.Port : DefaultPort,
            Database = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                // libpq spells it sslmode; Npgsql knows the same setting as "SSL Mode".
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                throw new ArchiveLocationException($"--db \"{display}\": URL parameter '{key}' is not a PostgreSQL connection setting Npgsql accepts ({ex.Message}).", ex);
            }
        }

        return (builder.ConnectionString, display);
    }

    private static string Redact(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return url;
        }

        var userInfo = url[(schemeEnd + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? url : string.Concat(url.AsSpan(0, schemeEnd + 3), userInfo.AsSpan(0, colon), ":***", url.AsSpan(at));
    }
}
