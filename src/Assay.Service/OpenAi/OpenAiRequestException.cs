namespace Assay.Service.OpenAi;

/// <summary>
/// A request the OpenAI-compatible endpoint refuses, answered with OpenAI's error shape
/// <c>{"error": {"message", "type", "param", "code"}}</c> and a 4xx status.
/// </summary>
public sealed class OpenAiRequestException : Exception
{
    public OpenAiRequestException(string message, string? param, int status = 400, string type = "invalid_request_error", string? code = null)
        : base(message)
    {
        Param = param;
        Status = status;
        Type = type;
        Code = code;
    }

    /// <summary>The request field at fault, if one is.</summary>
    public string? Param { get; }

    /// <summary>HTTP status.</summary>
    public int Status { get; }

    /// <summary>OpenAI's error type.</summary>
    public string Type { get; }

    /// <summary>OpenAI's error code, if any.</summary>
    public string? Code { get; }

    /// <summary>The JSON body.</summary>
    public object ToBody() => new { error = new { message = Message, type = Type, param = Param, code = Code } };
}
