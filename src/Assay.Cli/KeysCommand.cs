using System.CommandLine;
using System.Globalization;
using Assay.Archive;
using Assay.Archive.Results;

namespace Assay.Cli;

/// <summary>
/// <c>assay keys create --tier public|subscriber|admin [--name N] | list | revoke ID</c>: the results service's API keys,
/// kept in the archive as SHA-256 hashes. A new key's text is printed once, alone on standard output.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Make, list and revoke the results service's API keys (stored in the archive as hashes)");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Option<string> Db() =>
        new("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };

    private static Command CreateKey()
    {
        var db = Db();
        var tier = new Option<string>("--tier") { Description = "public, subscriber or admin", Required = true };
        tier.AcceptOnlyFromAmong("public", "subscriber", "admin");
        var name = new Option<string>("--name") { Description = "Whose key it is", DefaultValueFactory = _ => "" };
        var command = new Command("create", "Make a key; its text is printed once and stored only as its SHA-256") { db, tier, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var archive = await Archives.OpenAsync(parse.GetValue(db)!, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var keys = new ServiceKeyStore(archive, TimeProvider.System);
                var created = await keys.CreateAsync(ServiceWords.ParseTier(parse.GetValue(tier)!)!.Value, parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(
                    $"key {created.Key.Id} ({ServiceWords.ToWord(created.Key.Tier)}) made; its text below is shown this once and cannot be read back:").ConfigureAwait(false);
                await Console.Out.WriteLineAsync(created.Secret).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var db = Db();
        var command = new Command("list", "List the keys (id, tier, name, made, revoked); never their text") { db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var archive = await Archives.OpenExistingAsync(parse.GetValue(db)!, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var keys = await new ServiceKeyStore(archive, TimeProvider.System).ListAsync(cancellationToken).ConfigureAwait(false);
                if (keys.Count == 0)
                {
                    await Console.Out.WriteLineAsync($"no keys in --db {parse.GetValue(db)}").ConfigureAwait(false);
                    return 0;
                }

                await Console.Out.WriteLineAsync($"{"id",-16}  {"tier",-10}  {"made (UTC)",-19}  {"revoked (UTC)",-19}  name").ConfigureAwait(false);
                foreach (var key in keys)
                {
                    var revoked = key.RevokedAt is { } at ? Format(at) : "-";
                    await Console.Out.WriteLineAsync(
                        $"{key.Id,-16}  {ServiceWords.ToWord(key.Tier),-10}  {Format(key.CreatedAt),-19}  {revoked,-19}  {key.Name}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var db = Db();
        var id = new Argument<string>("ID") { Description = "The key's id (assay keys list)" };
        var command = new Command("revoke", "Revoke a key: requests with it are refused from then on") { db, id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var archive = await Archives.OpenAsync(parse.GetValue(db)!, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var keyId = parse.GetValue(id)!;
                if (!await new ServiceKeyStore(archive, TimeProvider.System).RevokeAsync(keyId, cancellationToken).ConfigureAwait(false))
                {
                    throw new UserInputException($"ID {keyId}: no such key, or it is already revoked (assay keys list)");
                }

                await Console.Out.WriteLineAsync($"key {keyId} revoked").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
