using DuckDB.NET.Data;

namespace Assay.Publishing.Tests;

public sealed class ParquetRoundTripTests : IAsyncLifetime
{
    private PublishedArchive _archive = null!;

    public async Task InitializeAsync() => _archive = await PublishedArchive.CreateAsync();

    public async Task DisposeAsync() => await _archive.DisposeAsync();

    [Fact]
    public async Task Duckdb_reads_back_every_row_with_nan_and_nested_logprobs_exactly()
    {
        var asOf = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var output = Path.Combine(_archive.Directory, "out");
        await new Publisher(_archive.Archive, TimeProvider.System).PublishAsync(output, new PublicationOptions { AsOf = asOf, Formats = [DatasetFormat.Parquet] });
        var file = Path.Combine(output, "rollouts.parquet");

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var rows = connection.CreateCommand();
        rows.CommandText = $"SELECT problem_id, prompt, system, completion, reward, created_at, len(logprobs) FROM read_parquet('{file}') ORDER BY problem_id";
        var read = new List<(string, string, string?, string, double, DateTime, long?)>();
        using (var reader = rows.ExecuteReader())
        {
            while (reader.Read())
            {
                read.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetDouble(4),
                    reader.GetDateTime(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
            }
        }

        Assert.Equal(
        [
            ("HumanEval/0", "prompt of HumanEval/0", null, "    return 1\n", 1.0, PublishedArchive.January.UtcDateTime, null),
            ("arith/1", "prompt of arith/1", "Answer briefly.", "4", 1.0, PublishedArchive.January.UtcDateTime, 2L),
            ("arith/2", "prompt of arith/2", null, "9", 1.0, PublishedArchive.June.UtcDateTime, null),
        ],
        read);

        // Every (token, alternative) of the nested lists, in order, as DuckDB unnests them.
        using var tokens = connection.CreateCommand();
        tokens.CommandText = $"""
            SELECT t.token, t.logprob, a.token, a.logprob
            FROM (SELECT unnest(logprobs) AS t, generate_subscripts(logprobs, 1) AS i FROM read_parquet('{file}') WHERE problem_id = 'arith/1')
            LEFT JOIN LATERAL (SELECT unnest(t.top) AS a, generate_subscripts(t.top, 1) AS j) ON true
            ORDER BY i, j
            """;
        var flat = new List<(string, double, string?, double?)>();
        using (var reader = tokens.ExecuteReader())
        {
            while (reader.Read())
            {
                flat.Add((reader.GetString(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
            }
        }

        var expected = PublishedArchive.Logprobs
            .SelectMany(t => t.Top.Count == 0
                ? [(t.Token, t.Logprob, (string?)null, (double?)null)]
                : t.Top.Select(a => (t.Token, t.Logprob, (string?)a.Token, (double?)a.Logprob)))
            .ToList();
        Assert.Equal(expected.Count, flat.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Item1, flat[i].Item1);
            Assert.Equal(Bits(expected[i].Item2), Bits(flat[i].Item2));
            Assert.Equal(expected[i].Item3, flat[i].Item3);
            Assert.Equal(Bits(expected[i].Item4), Bits(flat[i].Item4));
        }
    }

    // NaN != NaN: compare doubles by their bits, so a NaN that came back as anything else (or a changed payload) fails.
    private static long? Bits(double? value) => value is { } v ? BitConverter.DoubleToInt64Bits(v) : null;
}
