using System.CommandLine;
using Assay.Archive;

namespace Assay.Cli;

/// <summary><c>assay migrate [--db] [--allow-other-tables]</c>: brings an existing archive to this build's schema, so the
/// verbs that only read (which never migrate) can open it.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var allowOtherTables = CliOptions.AllowOtherTables();
        var command = new Command("migrate", "Upgrade an existing archive to this build's schema (report, campaigns and export only read, and refuse an older one)")
        {
            db, allowOtherTables,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var value = parse.GetValue(db)!;
            if (!value.Contains("://", StringComparison.Ordinal) && !value.Contains('=', StringComparison.Ordinal) && !File.Exists(value))
            {
                throw new UserInputException($"--db {value}: no archive there to migrate");
            }

            var archive = await Archives.OpenAsync(value, cancellationToken, parse.GetValue(allowOtherTables)).ConfigureAwait(false);
            await archive.DisposeAsync().ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"--db {value}: at this build's schema").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
