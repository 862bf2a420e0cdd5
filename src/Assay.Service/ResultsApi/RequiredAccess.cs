using Assay.Archive.Results;

namespace Assay.Service.ResultsApi;

/// <summary>Endpoint metadata: who may call it (<see cref="AccessPolicy.Allows"/> decides). Endpoints without it are open to anyone.</summary>
public sealed record RequiredAccess(ServiceAccess Access);
