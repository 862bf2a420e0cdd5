using System.Reflection;
using Xunit.Sdk;

namespace Assay.Verification.Tests;

/// <summary>Runs a theory on the <see cref="SandboxLeg.Root"/> leg; the attribute's arguments follow the leg.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AsRootAttribute(params object[] data) : DataAttribute
{
    public object[] Data { get; } = data;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[SandboxLeg.Root, .. Data]];
}
