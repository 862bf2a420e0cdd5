using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Assay.Nano;

/// <summary>A float array on the pinned object heap, so kernels can hold a raw pointer to it for its lifetime.</summary>
internal sealed unsafe class PinnedFloats
{
    public PinnedFloats(long length)
    {
        if (length > System.Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, "A nano buffer holds at most Array.MaxLength floats.");
        Array = GC.AllocateArray<float>((int)Math.Max(1, length), pinned: true);
        Length = (int)length;
        Pointer = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Array));
    }

    public float[] Array { get; }

    public int Length { get; }

    public float* Pointer { get; }

    public Span<float> Span => Array.AsSpan(0, Length);
}
