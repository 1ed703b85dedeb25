using System.Buffers;

namespace EditDistance.Remote;

/// <summary>
/// A growable byte buffer from the shared array pool, kept by a connection for all its messages so that a call
/// allocates nothing for them; <see cref="System.Text.Json.Utf8JsonWriter"/> writes into it as an <see cref="IBufferWriter{T}"/>.
/// </summary>
/// <remarks>
/// A buffer that grew past <see cref="KeepAtMost"/> for one large message (a corpus) goes back to the pool when
/// <see cref="Trim"/> is called after that message, so that an idle pooled connection does not pin megabytes.
/// Not thread-safe: one connection, one caller at a time.
/// </remarks>
internal sealed class MessageBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;
    internal const int KeepAtMost = 1 << 20;

    private byte[] array = [];

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => array.AsMemory(0, Length);

    /// <summary>The whole array, written part first: a socket receives into the part after <see cref="Length"/>.</summary>
    internal byte[] Array => array;

    public void Clear() => Length = 0;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(array.Length - Length))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Advanced past the end of the buffer.");
        }

        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return array.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return array.AsSpan(Length);
    }

    /// <summary>A span of exactly <paramref name="count"/> bytes after the written ones, counted as written.</summary>
    public Span<byte> Append(int count)
    {
        Reserve(count);
        var span = array.AsSpan(Length, count);
        Length += count;
        return span;
    }

    /// <summary>Makes room for at least <paramref name="count"/> (at least one) more bytes.</summary>
    public void Reserve(int count)
    {
        count = Math.Max(count, 1);
        if (array.Length - Length >= count)
        {
            return;
        }

        var needed = (long)Length + count;
        if (needed > System.Array.MaxLength)
        {
            throw new ArgumentException($"A message of {needed} bytes is more than one buffer can hold.");
        }

        var size = (int)Math.Min(Math.Max(needed, Math.Max(InitialSize, 2L * array.Length)), System.Array.MaxLength);
        var grown = ArrayPool<byte>.Shared.Rent(size);
        array.AsSpan(0, Length).CopyTo(grown);
        ReturnArray();
        array = grown;
    }

    /// <summary>Gives a buffer grown for one large message back to the pool (the content is dropped).</summary>
    public void Trim()
    {
        Length = 0;
        if (array.Length > KeepAtMost)
        {
            ReturnArray();
            array = [];
        }
    }

    public void Dispose()
    {
        Length = 0;
        ReturnArray();
        array = [];
    }

    private void ReturnArray()
    {
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
