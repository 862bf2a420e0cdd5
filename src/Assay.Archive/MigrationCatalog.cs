using System.Globalization;
using System.Reflection;

namespace Assay.Archive;

/// <summary>
/// The migrations embedded in this assembly. A file <c>NNN_name.sql</c> is shared by both dialects;
/// <c>NNN_name.sqlite.sql</c> and <c>NNN_name.postgres.sql</c> are the two halves of one version that the
/// engines must spell differently (triggers). Tables and columns only ever live in shared files, so the
/// schema stays one.
/// </summary>
internal static class MigrationCatalog
{
    private const string Prefix = "Migrations/";

    /// <summary>The migrations <paramref name="dialect"/> runs, in version order.</summary>
    public static IReadOnlyList<Migration> For(SqlDialect dialect)
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var suffix = dialect == SqlDialect.Sqlite ? ".sqlite.sql" : ".postgres.sql";
        var otherSuffix = dialect == SqlDialect.Sqlite ? ".postgres.sql" : ".sqlite.sql";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || resource.EndsWith(otherSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[Prefix.Length..];
            var stem = fileName.EndsWith(suffix, StringComparison.Ordinal)
                ? fileName[..^suffix.Length]
                : fileName[..^".sql".Length];
            var underscore = stem.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(stem.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNN_name.sql.");
            }

            migrations.Add(new Migration(version, stem[(underscore + 1)..], Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share version {migrations[i].Version} for {dialect}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
