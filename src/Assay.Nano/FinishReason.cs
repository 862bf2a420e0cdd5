namespace Assay.Nano;

/// <summary>Why a sample ended, in OpenAI's words.</summary>
public enum FinishReason
{
    /// <summary>The model produced &lt;|end|&gt; or the text reached a stop string.</summary>
    Stop,

    /// <summary>The sample reached its token limit or the model's context.</summary>
    Length,
}
