namespace Assay.Service.Tests.Results;

/// <summary>The results tests that share one PostgreSQL server.</summary>
[CollectionDefinition(ServicePostgres.Name)]
public sealed class SharedResultsPostgres : ICollectionFixture<ServicePostgres>;
