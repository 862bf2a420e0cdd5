using System.CommandLine;
using Assay.Nano;
using Assay.Service;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Assay.Cli;

/// <summary><c>assay serve</c>: serves nano models over an OpenAI-compatible HTTP API.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (port 0 picks a free port)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var models = new Option<string[]>("--model") { Description = "nano models to serve (nano:default, nano:PATH); repeatable", DefaultValueFactory = _ => [NanoModels.Default] };
        var command = new Command("serve", "Serve nano over an OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/completions)") { urls, models };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var served = new Dictionary<string, NanoModel>(StringComparer.Ordinal);
            foreach (var spec in parse.GetValue(models)!)
            {
                served[spec] = await NanoModels.LoadAsync(spec, cancellationToken).ConfigureAwait(false);
            }

            var app = NanoServer.Build(parse.GetValue(urls)!, served, TimeProvider.System);
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
}
