namespace Engine.Weights;

/// <summary>
/// A read-only view of at most <c>length</c> bytes of another stream (or of a file through <see cref="RandomAccess"/>):
/// a decompressing stream can never deliver more than the tensor needs, however much the entry would inflate to.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream? _inner;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <summary>At most <paramref name="length"/> bytes of <paramref name="inner"/>, which this stream disposes.</summary>
    public BoundedReadStream(Stream inner, long length)
    {
        _inner = inner;
        _length = length;
    }

    /// <summary>Bytes [start, start + length) of an open file, read with positional reads (the handle stays open).</summary>
    public BoundedReadStream(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long start, long length)
    {
        _handle = handle;
        _start = start;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = _length - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var window = buffer[..(int)Math.Min(buffer.Length, remaining)];
        var got = _handle is not null ? RandomAccess.Read(_handle, window, _start + _position) : _inner!.Read(window);
        _position += got;
        return got;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner?.Dispose();
        }

        base.Dispose(disposing);
    }
}
