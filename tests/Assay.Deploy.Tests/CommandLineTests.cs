using Assay.Cli;
using Assay.Training;

namespace Assay.Deploy.Tests;

/// <summary>Every <c>assay</c> command line of the examples against the CLI's real parser and the variables it reads.</summary>
public sealed class CommandLineTests
{
    private static readonly IReadOnlyList<AssayInvocation> Invocations = AssayInvocation.All();

    [Fact]
    public void The_examples_start_workers_on_kubernetes_and_systemd_and_a_coordinator_on_kubernetes()
    {
        Assert.Contains(Invocations, i => i.Verb == "worker" && i.Source.Contains("Deployment assay-worker", StringComparison.Ordinal));
        Assert.Contains(Invocations, i => i.Verb == "run" && i.Source.Contains("Job assay-campaign-", StringComparison.Ordinal) && i.Arguments.Contains("--cluster"));
        Assert.Contains(Invocations, i => i.Verb == "worker" && i.Source.Contains("assay-worker@.service", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_assay_command_line_of_the_examples_parses_with_the_cli_s_own_parser()
    {
        var problems = new List<string>();
        foreach (var invocation in Invocations)
        {
            var parse = AssayCommand.Create().Parse([.. invocation.Arguments]);
            problems.AddRange(parse.Errors.Select(e => $"{invocation}: {e.Message}"));
            if (parse.CommandResult.Command.Name != invocation.Verb)
            {
                problems.Add($"{invocation}: parsed as '{parse.CommandResult.Command.Name}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void A_renamed_flag_or_a_missing_required_one_fails_the_parse()
    {
        var worker = Invocations.First(i => i.Verb == "worker");

        var renamed = worker.Arguments.Select(a => a == "--concurrency" ? "--concurency" : a).ToArray();
        Assert.NotEmpty(AssayCommand.Create().Parse(renamed).Errors);

        var index = worker.Arguments.ToList().IndexOf("--db");
        var withoutDb = worker.Arguments.Where((_, i) => i != index && i != index + 1).ToArray();
        Assert.NotEmpty(AssayCommand.Create().Parse(withoutDb).Errors);
    }

    [Fact]
    public void Every_variable_set_for_assay_is_one_the_cli_reads_or_one_its_command_line_uses()
    {
        var read = CliEnvironment.Read();
        var stray = Invocations.SelectMany(i => i.Environment.Keys
            .Where(name => !read.Contains(name) && !i.Substituted.Contains(name))
            .Select(name => $"{i.Source}: {name} is set, but assay does not read it (it reads {string.Join(", ", read.Order(StringComparer.Ordinal))})"))
            .ToList();

        Assert.True(stray.Count == 0, string.Join('\n', stray));
        Assert.Contains("OPENAI_API_KEY", read);
        Assert.Contains("ANTHROPIC_API_KEY", read);
    }

    [Fact]
    public void Every_variable_a_command_line_uses_is_set()
    {
        var unresolved = Invocations.SelectMany(i => i.Unresolved.Select(name => $"{i.Source}: {name} is used but not set")).ToList();

        Assert.True(unresolved.Count == 0, string.Join('\n', unresolved));
    }

    [Fact]
    public void The_database_password_reaches_every_assay_process_through_its_environment_and_never_its_command_line()
    {
        foreach (var invocation in Invocations)
        {
            var db = invocation.Arguments[invocation.Arguments.ToList().IndexOf("--db") + 1];
            Assert.DoesNotContain(':', new Uri(db).UserInfo);
            Assert.Contains(invocation.Environment.Keys, CliEnvironment.Database.Contains);
        }
    }

    [Fact]
    public void Assay_home_moves_the_model_cache()
    {
        var before = Environment.GetEnvironmentVariable("ASSAY_HOME");
        var directory = Path.Combine(Path.GetTempPath(), "assay-home-" + Guid.NewGuid().ToString("N"));
        try
        {
            Environment.SetEnvironmentVariable("ASSAY_HOME", directory);
            Assert.Equal(directory, ModelCache.FromEnvironment().Root);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASSAY_HOME", before);
        }
    }
}
