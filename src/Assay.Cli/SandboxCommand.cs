using System.CommandLine;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// <c>assay sandbox setup --user NAME</c>: the one root step that gives an unprivileged user a cgroup subtree of their
/// own, so their sandboxes bound memory, CPU and tasks per candidate (isolation <c>namespaces</c>) instead of by
/// rlimits only (<c>namespaces_rlimits</c>, where candidates may not start processes). Needed on cgroup v1, where a
/// normal user cannot make cgroups; run again after a reboot (cgroups live in memory).
/// </summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "The user to hand a cgroup subtree to (default: $SUDO_USER)" };
        var setup = new Command("setup", "As root: give a user a cgroup subtree for per-candidate memory, CPU and task limits") { user };
        setup.SetAction(parse =>
        {
            var name = parse.GetValue(user) ?? Environment.GetEnvironmentVariable("SUDO_USER")
                ?? throw new UserInputException("--user: which user? (not run through sudo, so $SUDO_USER is not set)");
            IReadOnlyList<string> made;
            try
            {
                made = SandboxCgroupSetup.Delegate(name);
            }
            catch (UnauthorizedAccessException error)
            {
                throw new UserInputException(error.Message, error);
            }
            catch (ArgumentException error)
            {
                throw new UserInputException($"--user {name}: no such user in /etc/passwd", error);
            }

            foreach (var directory in made)
            {
                AnsiConsole.MarkupLine($"handed [bold]{Markup.Escape(directory)}[/] to {Markup.Escape(name)}");
            }

            AnsiConsole.MarkupLine($"{Markup.Escape(name)}'s sandboxes now bound memory, CPU and tasks per candidate (isolation: namespaces).");
            return 0;
        });
        return new Command("sandbox", "Set up the verifier's sandbox") { setup };
    }
}
