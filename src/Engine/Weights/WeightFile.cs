namespace Engine.Weights;

/// <summary>
/// An open weight file: its tensor directory, read from the header or the pickle when the file is opened, and reads of
/// single tensors that touch only that tensor's bytes, a chunk at a time (a model is never in memory at once).
/// Instances are not thread-safe; open one per thread.
/// </summary>
public abstract class WeightFile : IDisposable
{
    private readonly Dictionary<string, WeightTensor> _byName;
    private bool _disposed;

    /// <summary>Creates the directory; <paramref name="tensors"/> must have distinct names.</summary>
    private protected WeightFile(string filePath, IReadOnlyList<WeightTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        FilePath = filePath;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, WeightTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (!_byName.TryAdd(tensor.Name, tensor))
            {
                throw new WeightFileException(filePath, $"the tensor name '{tensor.Name}' appears twice.");
            }
        }
    }

    /// <summary>The file that was opened (the index file for sharded weights).</summary>
    public string FilePath { get; }

    /// <summary>Every tensor, in the order the file lists them.</summary>
    public IReadOnlyList<WeightTensor> Tensors { get; }

    /// <summary>Free-form string metadata (safetensors <c>__metadata__</c>); empty when the format has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>True when a tensor of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The tensor of that name, or false.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WeightTensor? tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>The tensor of that name.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor (the message names the file).</exception>
    public WeightTensor GetTensor(string name) =>
        _byName.TryGetValue(name, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"'{FilePath}' has no tensor named '{name}'.");

    /// <summary>
    /// Reads a floating-point tensor (F32, F16, BF16 or F64) into <paramref name="destination"/> as float32, in row-major
    /// order. <paramref name="destination"/> must hold exactly <see cref="WeightTensor.ElementCount"/> elements.
    /// </summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var tensor = GetTensor(name);
        if (!WeightDataTypes.IsFloatingPoint(tensor.DataType))
        {
            throw new ArgumentException($"Tensor '{name}' in '{FilePath}' is {WeightDataTypes.SafetensorsName(tensor.DataType)}, not a float type; use ReadInt64.", nameof(name));
        }

        ReadElements(tensor, destination, WeightElementConverter.ToFloat32);
    }

    /// <summary>Reads the whole tensor as float32 into a new array (small tensors only: the array is the tensor's size).</summary>
    public float[] ReadFloat32(string name)
    {
        var tensor = GetTensor(name);
        var values = new float[checked((int)tensor.ElementCount)];
        ReadFloat32(name, values);
        return values;
    }

    /// <summary>
    /// Opens a sequential float32 reader over a floating-point tensor (F32, F16, BF16 or F64), for tensors read in
    /// pieces without holding them whole. The reader holds its own stream; dispose it before this file.
    /// </summary>
    public Float32TensorReader OpenFloat32Reader(string name)
    {
        var tensor = GetTensor(name);
        if (!WeightDataTypes.IsFloatingPoint(tensor.DataType))
        {
            throw new ArgumentException($"Tensor '{name}' in '{FilePath}' is {WeightDataTypes.SafetensorsName(tensor.DataType)}, not a float type.", nameof(name));
        }

        return new Float32TensorReader(tensor, OpenChunks(tensor, WeightDataTypes.SizeOf(tensor.DataType)));
    }

    /// <summary>Reads an integer tensor (I64 or I32) into <paramref name="destination"/> as int64.</summary>
    public void ReadInt64(string name, Span<long> destination)
    {
        var tensor = GetTensor(name);
        if (tensor.DataType is not (WeightDataType.Int64 or WeightDataType.Int32))
        {
            throw new ArgumentException($"Tensor '{name}' in '{FilePath}' is {WeightDataTypes.SafetensorsName(tensor.DataType)}, not an integer type; use ReadFloat32.", nameof(name));
        }

        ReadElements(tensor, destination, WeightElementConverter.ToInt64);
    }

    private delegate void ElementConverter<T>(WeightDataType type, ReadOnlySpan<byte> source, Span<T> destination);

    private void ReadElements<T>(WeightTensor tensor, Span<T> destination, ElementConverter<T> convert)
    {
        CheckLength(tensor, destination.Length, nameof(destination));
        var elementSize = WeightDataTypes.SizeOf(tensor.DataType);
        using var chunks = OpenChunks(tensor, elementSize);
        while (chunks.Next(out var bytes, out var first))
        {
            convert(tensor.DataType, bytes, destination.Slice((int)first, bytes.Length / elementSize));
        }
    }

    /// <summary>Copies the tensor's stored bytes (little-endian, as in the file) to <paramref name="destination"/>.</summary>
    public void CopyRawTo(string name, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var tensor = GetTensor(name);
        using var chunks = OpenChunks(tensor, 1);
        while (chunks.Next(out var bytes, out _))
        {
            destination.Write(bytes);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file handles.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// A stream of exactly the tensor's <see cref="WeightTensor.ByteLength"/> bytes (fewer only when the file is shorter
    /// than its header says, which the caller reports).
    /// </summary>
    private protected abstract Stream OpenTensorStream(WeightTensor tensor);

    /// <summary><see cref="OpenTensorStream"/> for a composite file delegating to its parts.</summary>
    internal Stream OpenTensorBytes(WeightTensor tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return OpenTensorStream(tensor);
    }

    private TensorChunks OpenChunks(WeightTensor tensor, int elementSize)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new TensorChunks(tensor, OpenTensorStream(tensor), elementSize);
    }

    private void CheckLength(WeightTensor tensor, int length, string parameter)
    {
        if (length != tensor.ElementCount)
        {
            throw new ArgumentException(
                $"Tensor '{tensor.Name}' in '{FilePath}' has {tensor.ElementCount} elements; the destination holds {length}.", parameter);
        }
    }
}
