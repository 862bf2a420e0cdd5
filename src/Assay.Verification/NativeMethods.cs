using System.Runtime.InteropServices;

namespace Assay.Verification;

/// <summary>The few libc calls .NET has no API for.</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
