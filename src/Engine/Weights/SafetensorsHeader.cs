using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Engine.Weights;

/// <summary>
/// The parsed and validated header of a safetensors file. Every rule of the format is checked before a tensor is read:
/// the header length fits the file and the limit, the header is a JSON object, each tensor has a supported dtype, a
/// non-negative shape whose element count does not overflow, and <c>data_offsets</c> inside the data area whose span is
/// exactly dtype size times element count; the tensors tile the data area with no overlap and no gap, as the format
/// requires; <c>__metadata__</c> is a map of strings.
/// </summary>
internal sealed class SafetensorsHeader
{
    private const string MetadataKey = "__metadata__";

    private SafetensorsHeader(long dataStart, List<WeightTensor> tensors, Dictionary<string, string> metadata)
    {
        DataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    public long DataStart { get; }

    public List<WeightTensor> Tensors { get; }

    public Dictionary<string, string> Metadata { get; }

    public static SafetensorsHeader Read(SafeFileHandle handle, string path, WeightFileLimits limits)
    {
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
        {
            throw new WeightFileException(path, $"is {fileLength} bytes long, too short for a safetensors file (it starts with an 8-byte header length).");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(handle, path, lengthBytes, 0);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0)
        {
            throw new WeightFileException(path, "the safetensors header length is 0.");
        }

        if (headerLength > (ulong)limits.MaxSafetensorsHeaderBytes)
        {
            throw new WeightFileException(path, $"the safetensors header length {headerLength} exceeds the limit of {limits.MaxSafetensorsHeaderBytes} bytes (not a safetensors file, or a damaged one).");
        }

        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new WeightFileException(path, $"the safetensors header length {headerLength} is more than the {fileLength - 8} bytes that follow it (truncated or not a safetensors file).");
        }

        var headerBytes = new byte[(int)headerLength];
        ReadExactly(handle, path, headerBytes, 8);
        var dataStart = 8 + (long)headerLength;
        return Parse(path, headerBytes, dataStart, fileLength - dataStart, limits);
    }

    internal static SafetensorsHeader Parse(string path, byte[] headerBytes, long dataStart, long dataLength, WeightFileLimits limits)
    {
        if (headerBytes.Length == 0 || headerBytes[0] != (byte)'{')
        {
            throw new WeightFileException(path, "the safetensors header does not start with '{' (not a safetensors file).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException ex)
        {
            throw new WeightFileException(path, $"the safetensors header is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new WeightFileException(path, "the safetensors header is not a JSON object.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<(WeightTensor Tensor, long Begin, long End)>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new WeightFileException(path, $"the safetensors header names '{property.Name}' twice.");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }

                entries.Add(ReadTensor(path, property.Name, property.Value, dataStart, dataLength, limits));
            }

            CheckTiling(path, entries, dataLength);
            return new SafetensorsHeader(dataStart, [.. entries.Select(e => e.Tensor)], metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new WeightFileException(path, "__metadata__ is not a JSON object.");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new WeightFileException(path, $"__metadata__ value '{item.Name}' is not a string.");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new WeightFileException(path, $"__metadata__ names '{item.Name}' twice.");
            }
        }
    }

    private static (WeightTensor Tensor, long Begin, long End) ReadTensor(
        string path, string name, JsonElement value, long dataStart, long dataLength, WeightFileLimits limits)
    {
        if (name.Length == 0)
        {
            throw new WeightFileException(path, "a tensor has an empty name.");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new WeightFileException(path, $"tensor '{name}': the entry is not a JSON object.");
        }

        string? dtypeName = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeName is null && field.Value.ValueKind == JsonValueKind.String:
                    dtypeName = field.Value.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(path, name, "shape", field.Value, limits.MaxRank);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(path, name, "data_offsets", field.Value, 2);
                    break;
                default:
                    throw new WeightFileException(path, $"tensor '{name}': unexpected or repeated field '{field.Name}' (expected dtype, shape, data_offsets).");
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            throw new WeightFileException(path, $"tensor '{name}': the entry needs dtype, shape and data_offsets.");
        }

        if (!WeightDataTypes.TryParseSafetensorsName(dtypeName, out var dtype))
        {
            throw new WeightFileException(path, $"tensor '{name}' has dtype '{dtypeName}', which is not supported (F32, F16, BF16, F64, I64, I32 are).");
        }

        if (shape.Any(d => d < 0))
        {
            throw new WeightFileException(path, $"tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].");
        }

        if (!WeightTensor.TryElementCount(shape, out var count) || count > long.MaxValue / WeightDataTypes.SizeOf(dtype))
        {
            throw new WeightFileException(path, $"tensor '{name}' has shape [{string.Join(", ", shape)}], whose size overflows 64 bits.");
        }

        if (offsets.Length != 2)
        {
            throw new WeightFileException(path, $"tensor '{name}': data_offsets must be [begin, end].");
        }

        var (begin, end) = (offsets[0], offsets[1]);
        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new WeightFileException(path,
                $"tensor '{name}' has data_offsets [{begin}, {end}] outside the data area of {dataLength} bytes (truncated file or lying header).");
        }

        var byteLength = count * WeightDataTypes.SizeOf(dtype);
        if (end - begin != byteLength)
        {
            throw new WeightFileException(path,
                $"tensor '{name}' is {dtypeName}[{string.Join(", ", shape)}] ({byteLength} bytes) but its data_offsets [{begin}, {end}] span {end - begin} bytes.");
        }

        var tensor = new WeightTensor(name, dtype, shape, count, new WeightTensorLocation(path, null, dataStart + begin));
        return (tensor, begin, end);
    }

    private static long[] ReadIntegers(string path, string name, string field, JsonElement value, int maxCount)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new WeightFileException(path, $"tensor '{name}': {field} is not a JSON array.");
        }

        var length = value.GetArrayLength();
        if (length > maxCount)
        {
            throw new WeightFileException(path, $"tensor '{name}': {field} has {length} entries (at most {maxCount}).");
        }

        var result = new long[length];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out result[i]))
            {
                throw new WeightFileException(path,
                    $"tensor '{name}': {field} entry '{item.GetRawText()}' is not an integer that fits in 64 bits.");
            }

            i++;
        }

        return result;
    }

    private static void CheckTiling(string path, List<(WeightTensor Tensor, long Begin, long End)> entries, long dataLength)
    {
        long covered = 0;
        string? previous = null;
        foreach (var (tensor, begin, end) in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (begin < covered)
            {
                throw new WeightFileException(path, $"tensors '{previous}' and '{tensor.Name}' overlap (data_offsets {begin} < {covered}).");
            }

            if (begin > covered)
            {
                throw new WeightFileException(path, $"data bytes [{covered}, {begin}) belong to no tensor (the format allows no gaps).");
            }

            if (end > begin)
            {
                covered = end;
                previous = tensor.Name;
            }
        }

        if (covered != dataLength)
        {
            throw new WeightFileException(path,
                $"the tensors cover {covered} of the {dataLength} data bytes; the file has {(dataLength - covered).ToString(CultureInfo.InvariantCulture)} bytes no tensor owns.");
        }
    }

    private static void ReadExactly(SafeFileHandle handle, string path, Span<byte> buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var got = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (got == 0)
            {
                throw new WeightFileException(path, $"the file ends inside the safetensors header (at byte {offset + done}).");
            }

            done += got;
        }
    }
}
