using System.CommandLine;
using Assay.Suites;

namespace Assay.Cli;

/// <summary>
/// The one place where exceptions become exit codes: user errors print one line and exit 2, anything else
/// exits 1; stack traces only with <c>--verbose</c>.
/// </summary>
internal static class CliErrors
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var verbose = parse.GetValue(CliOptions.Verbose);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false })
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
