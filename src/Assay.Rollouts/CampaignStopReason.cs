namespace Assay.Rollouts;

/// <summary>Why a campaign run ended.</summary>
public enum CampaignStopReason
{
    /// <summary>Every planned rollout was asked and archived (some may be infrastructure failures a resume retries).</summary>
    Completed,
    /// <summary>The campaign's budget (<see cref="PolicyOptions.MaxCost"/>, <see cref="BudgetChatClient"/>) was reached; resume with a larger budget to finish.</summary>
    Budget,
    /// <summary>Cancelled (Ctrl-C, SIGTERM); everything scored was archived; resume to finish.</summary>
    Cancelled,
    /// <summary>Infrastructure failures passed <see cref="CampaignRunOptions.MaxInfrastructureFailures"/>: an outage or a
    /// broken verifier, not the model. Resume once it is fixed: the failed slots are asked again.</summary>
    InfrastructureThreshold,
    /// <summary>The service refused a request it will always refuse (<see cref="Assay.Core.VerdictStatus.Refused"/>):
    /// a configuration error (model, key, URL, a prompt past the context).</summary>
    Refused,
    /// <summary>The archive failed for good (a full disk, a read-only or removed file, a server still down after the
    /// retries): every answered rollout is in the spill; resume once it is fixed, and the resume archives them first.</summary>
    ArchiveFailure,
}
