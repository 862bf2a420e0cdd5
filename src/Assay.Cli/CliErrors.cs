using System.CommandLine;
using System.CommandLine.Invocation;
using Assay.Archive;
using Assay.Suites;
using Assay.Verification;

namespace Assay.Cli;

/// <summary>
/// The one place where exceptions become exit codes: user errors print one line and exit 2; a machine where the
/// sandbox cannot isolate candidates (and <c>--unsafe-no-sandbox</c> was not given) prints one line and exits
/// <see cref="SandboxUnavailable"/>; parse errors print one line each (<see cref="ParseErrorText"/>) and exit 2; anything else exits 1; stack traces only with <c>--verbose</c>.
/// </summary>
internal static class CliErrors
{
    /// <summary>The exit code when no sandbox can be made here: neither the user's input nor a failure of assay.</summary>
    public const int SandboxUnavailable = 3;

    /// <summary>The exit code when another process holds the campaign's lease: nothing was sent or stored.</summary>
    public const int LeaseHeld = 7;

    private const string UnsafeFlag = "--unsafe-no-sandbox";

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var verbose = parse.GetValue(CliOptions.Verbose);
        if (parse.Action is ParseErrorAction)
        {
            // One line per error in our words (ParseErrorText), and the exit code of every other input error.
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {ParseErrorText.Describe(error)}").ConfigureAwait(false);
            }

            return 2;
        }

        try
        {
            // ProcessTerminationTimeout null: System.CommandLine would otherwise end the process 2 s after SIGINT or
            // SIGTERM, whatever the verb was still doing; `run` drains for --drain-grace and must not be cut short (the
            // other verbs keep .NET's default: the signal ends them).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null })
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UserInputException or SuiteFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return 2;
        }
        catch (SandboxUnavailableException ex)
        {
            var hint = ex.Message.Contains(UnsafeFlag, StringComparison.Ordinal) ? "" : $" (pass {UnsafeFlag} to run candidates without one)";
            await Console.Error.WriteLineAsync($"error: {ex.Message}{hint}").ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return SandboxUnavailable;
        }
        catch (CampaignLeaseHeldException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}; not started (a campaign is run by one process at a time)").ConfigureAwait(false);
            return LeaseHeld;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync(verbose ? ex.ToString() : "(run with --verbose for details)").ConfigureAwait(false);
            return 1;
        }
    }
}
