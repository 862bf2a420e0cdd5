using System.Globalization;

namespace Assay.Bench.Service;

/// <summary>The probe's command line.</summary>
internal sealed record ProbeOptions(string AssayDll, int IdleSeconds, int BigRequests, int PromptMb, int Streams, int Concurrency)
{
    public static ProbeOptions Parse(string[] args)
    {
        var options = new ProbeOptions(Path.GetFullPath("src/Assay.Cli/bin/Release/net10.0/assay.dll"), 10, 24, 25, 600, 100);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--idle" => options with { IdleSeconds = Next() },
                "--big" => options with { BigRequests = Next() },
                "--prompt-mb" => options with { PromptMb = Next() },
                "--streams" => options with { Streams = Next() },
                "--concurrency" => options with { Concurrency = Next() },
                var path => options with { AssayDll = Path.GetFullPath(path) },
            };
        }

        return File.Exists(options.AssayDll) ? options : throw new FileNotFoundException($"no assay.dll at {options.AssayDll}: build src/Assay.Cli -c Release");
    }
}
