using System.Runtime.InteropServices;

namespace EditDistance.Rust;

/// <summary>
/// Owns a native corpus. The runtime's reference counting on <see cref="SafeHandle"/> makes a query that is
/// running on one thread keep the corpus alive while another thread disposes it: the native free runs when
/// the last user releases it, so there is no use-after-free and no double free.
/// </summary>
internal sealed unsafe class CorpusHandle : SafeHandle
{
    public CorpusHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal EdCorpus* Pointer => (EdCorpus*)handle;

    internal void Own(EdCorpus* corpus) => SetHandle((IntPtr)corpus);

    protected override bool ReleaseHandle()
    {
        NativeMethods.ed_corpus_free((EdCorpus*)handle);
        return true;
    }
}
