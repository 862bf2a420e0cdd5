namespace Assay.Verification.Tests;

/// <summary>A wrong answer to <see cref="Target"/> combined with one trick. The completion is <see cref="Body"/> (the
/// entry point's body) followed by <see cref="Module"/> (module-level code). An attack whose <see cref="Body"/> is the
/// target's honest wrong body carries its whole trick in <see cref="Module"/> and can be stacked on another attack.</summary>
internal sealed record Attack(string Name, AttackClass Class, AttackTarget Target, string Body, string Module)
{
    /// <summary>What the policy would have answered.</summary>
    public string Completion => Body + Module;

    /// <summary>True when the trick is all module-level code, so it can follow any body.</summary>
    public bool ModuleOnly => Target.WrongBodies.Contains(Body);

    /// <summary>True when the last line is a decorator, which must stay last to reach the tests' <c>def check</c>.</summary>
    public bool EndsWithDecorator => Module.TrimEnd().Split('\n')[^1].StartsWith('@');

    /// <summary>This attack with <paramref name="extra"/>'s module-level trick added (a decorator stays last).</summary>
    public string CompletionWith(Attack extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        return EndsWithDecorator ? Body + extra.Module + Module : Body + Module + extra.Module;
    }

    public override string ToString() => Name;
}
