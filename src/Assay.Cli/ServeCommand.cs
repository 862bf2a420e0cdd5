using System.CommandLine;
using Assay.Nano;
using Assay.Service;
using Assay.Service.ResultsApi;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Assay.Cli;

/// <summary><c>assay serve</c>: serves nano models over an OpenAI-compatible HTTP API and, with <c>--db</c>, the results API.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (port 0 picks a free port)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var models = new Option<string[]>("--model") { Description = "nano models to serve (nano:default, nano:PATH); repeatable", DefaultValueFactory = _ => [NanoModels.Default] };
        var db = new Option<string>("--db") { Description = "Serve this archive's results (SQLite file or PostgreSQL URL) and require its API keys for nano" };
        var embargoDays = new Option<int>("--embargo-days") { Description = "Days before a positive rollout becomes public", DefaultValueFactory = _ => 90 };
        var apiKeyFile = new Option<string>("--api-key-file")
        {
            Description = $"A file holding one key that opens nano's API (or set {ModelKeyVariable}); never the key itself on the command line",
        };
        var publicRate = new Option<int>("--rate-limit-public") { Description = "Requests per second per keyless client address", DefaultValueFactory = _ => 20 };
        var keyRate = new Option<int>("--rate-limit-key") { Description = "Requests per second per API key", DefaultValueFactory = _ => 200 };
        var command = new Command("serve", "Serve nano over an OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/completions) and, with --db, the results API")
        {
            urls, models, db, embargoDays, apiKeyFile, publicRate, keyRate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var served = new Dictionary<string, NanoModel>(StringComparer.Ordinal);
            foreach (var spec in parse.GetValue(models)!)
            {
                served[spec] = await NanoModels.LoadAsync(spec, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(embargoDays) < 0)
            {
                throw new UserInputException($"--embargo-days: expected 0 or more days, got {parse.GetValue(embargoDays)}");
            }

            foreach (var rate in new[] { publicRate, keyRate })
            {
                if (parse.GetValue(rate) < 1)
                {
                    throw new UserInputException($"{rate.Name}: expected 1 or more requests per second, got {parse.GetValue(rate)}");
                }
            }

            var modelKey = await ReadModelKeyAsync(parse.GetValue(apiKeyFile), cancellationToken).ConfigureAwait(false);
            var archive = parse.GetValue(db) is { } location ? await Archives.OpenAsync(location, cancellationToken).ConfigureAwait(false) : null;
            var options = new ResultsServiceOptions
            {
                Archive = archive,
                Embargo = TimeSpan.FromDays(parse.GetValue(embargoDays)),
                ModelKey = modelKey,
                PublicRequestsPerSecond = parse.GetValue(publicRate),
                KeyRequestsPerSecond = parse.GetValue(keyRate),
            };
            var app = NanoServer.Build(parse.GetValue(urls)!, served, TimeProvider.System, options);
            await using var closeArchive = new ArchiveClosing(archive);
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (ex.InnerException is AddressInUseException)
                {
                    throw new UserInputException($"--urls {parse.GetValue(urls)}: the address is already in use", ex);
                }

                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                // Tests and scripts read this line to learn the port when --urls asked for port 0.
                Console.WriteLine($"assay serve: listening on {string.Join(' ', addresses)} with {string.Join(", ", served.Keys)}");
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The environment variable that may hold the single key for nano's API.</summary>
    public const string ModelKeyVariable = "ASSAY_API_KEY";

    private static async Task<string?> ReadModelKeyAsync(string? file, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"--api-key-file {file}: cannot read it: {ex.Message}", ex);
            }

            return text.Trim() is { Length: > 0 } key ? key : throw new UserInputException($"--api-key-file {file}: the file is empty");
        }

        return Environment.GetEnvironmentVariable(ModelKeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim() : null;
    }
}
