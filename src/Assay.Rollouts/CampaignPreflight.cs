using System.Text;
using Assay.Core;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// What is checked before a campaign sends anything for real: every prompt fits the model's context where the model
/// states it, then one probe request — the longest prompt, one token asked — so that a wrong model, key or URL, a
/// prompt the service refuses, or a service that is down ends the run at once with one clear line instead of a
/// campaign of failures.
/// </summary>
public static class CampaignPreflight
{
    /// <summary>Throws <see cref="PreflightException"/> naming the first problem (in suite order) whose prompt cannot fit
    /// <paramref name="context"/> with room for one answer token.</summary>
    public static void CheckPromptsFit(Campaign campaign, IReadOnlyList<Problem> problems, ModelContext context)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var problem in problems)
        {
            var prompt = RolloutRequest.For(campaign, problem, 0).Prompt;
            var tokens = context.CountPromptTokens(prompt);
            if (tokens >= context.Tokens)
            {
                var count = context.Exact ? $"{tokens} tokens" : $"at least {tokens} tokens ({Encoding.UTF8.GetByteCount(prompt)} bytes)";
                throw new PreflightException(
                    $"problem '{problem.Id}': its prompt is {count}; the model's context is {context.Tokens} tokens ({context.Source}), leaving no room for an answer",
                    refused: true);
            }
        }
    }

    /// <summary>The problem the probe asks: the longest prompt, so a prompt past the context is refused now, not mid-campaign.</summary>
    public static Problem ProbeProblem(Campaign campaign, IReadOnlyList<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problems);
        return problems.MaxBy(p => Encoding.UTF8.GetByteCount(RolloutRequest.For(campaign, p, 0).Prompt))
            ?? throw new ArgumentException("A campaign needs at least one problem.", nameof(problems));
    }

    /// <summary>Sends one request (the longest prompt, one completion token) through <paramref name="policy"/>; throws
    /// <see cref="PreflightException"/> when it fails.</summary>
    public static async Task ProbeAsync(IChatClient policy, Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problem = ProbeProblem(campaign, problems);
        var request = RolloutRequest.For(campaign, problem, 0);
        var options = request.ToChatOptions();
        options.MaxOutputTokens = 1;
        try
        {
            await policy.GetResponseAsync(request.ToMessages(), options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var refused = CampaignRunner.IsRefusal(ex);
            throw new PreflightException(
                $"the probe request (problem '{problem.Id}', the longest prompt) {(refused ? "was refused" : "failed")}: {ex.Message}", refused, ex);
        }
    }
}
