using System.Collections.Concurrent;
using Assay.Core;
using Assay.Verification;

namespace Assay.Training.Tests;

/// <summary>A verifier that passes a known subset of answers (those of even length) and remembers each it passed.</summary>
internal sealed class SubsetVerifier : IVerifier
{
    public ConcurrentBag<(string ProblemId, string Completion)> Accepted { get; } = [];

    public int Calls => _calls;

    private int _calls;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        bool pass = completion.Length % 2 == 0;
        if (pass)
            Accepted.Add((problem.Id, completion));
        return ValueTask.FromResult(new Verdict(pass ? VerdictStatus.Passed : VerdictStatus.Failed, pass ? 1 : 0, "", Isolation.NotApplicable, TimeSpan.FromMilliseconds(2)));
    }
}
