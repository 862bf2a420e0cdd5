namespace Assay.Publishing;

/// <summary>One file of a publication.</summary>
/// <param name="Name">File name within the publication's directory.</param>
/// <param name="Format">The format's word (<see cref="DatasetFormats.Word"/>).</param>
/// <param name="Records">Lines (JSONL) or rows (Parquet).</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">SHA-256 of the file, lower-case hex.</param>
public sealed record ManifestFile(string Name, string Format, int Records, long Bytes, string Sha256);
