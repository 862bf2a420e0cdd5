using System.Reflection;
using Xunit.Sdk;

namespace Assay.Verification.Tests;

/// <summary>Runs a theory on the <see cref="SandboxLeg.Unprivileged"/> leg; the attribute's arguments follow the leg.
/// Skipped, with the reason, only when this process is not root.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AsUnprivilegedUserAttribute : DataAttribute
{
    public AsUnprivilegedUserAttribute(params object[] data)
    {
        Data = data;
        Skip = SandboxLegs.UnprivilegedSkipReason;
    }

    public object[] Data { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[SandboxLeg.Unprivileged, .. Data]];
}
