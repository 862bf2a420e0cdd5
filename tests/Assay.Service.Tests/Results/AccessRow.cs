using System.Net;
using System.Text.Json;

namespace Assay.Service.Tests.Results;

/// <summary>
/// One endpoint of the authorization matrix: how to call it, and what each caller gets before and after the embargo
/// releases <see cref="SeededArchive.NewPositive"/>. <paramref name="Status"/> gives the status by caller (null: no key);
/// <paramref name="Check"/>, when given, asserts on a 2xx JSON body by (caller, after).
/// </summary>
public sealed record AccessRow(
    string Method,
    string Pattern,
    Func<ResultsHost, Task<HttpRequestMessage>> Request,
    Func<string?, HttpStatusCode> Status,
    Action<string?, bool, JsonElement>? Check = null);
