using Assay.Core;
using Assay.Suites;

namespace Assay.Cli;

/// <summary>One answer to verify: a reference solution (no sample) or a line of a samples file.</summary>
internal sealed record Candidate(Problem Problem, string Completion, Sample? Sample);
