using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Benchmarks.FullSizeSd2;

/// <summary>
/// Writes an F32 safetensors file whose tensor values come from a generator, a chunk at a time: the header is known
/// from the shapes alone, so the file is never in memory.
/// </summary>
internal static class StreamingSafetensorsWriter
{
    private const int ChunkElements = 1 << 18;

    /// <param name="path">File to create.</param>
    /// <param name="tensors">Names and shapes, written in this order.</param>
    /// <param name="fill">Fills a chunk of a tensor's values: (tensor index, first element, destination).</param>
    public static void Write(string path, IReadOnlyList<(string Name, long[] Shape)> tensors, Action<int, long, Span<float>> fill)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var header = Header(tensors);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);

        var values = new float[ChunkElements];
        var bytes = new byte[ChunkElements * sizeof(float)];
        for (var index = 0; index < tensors.Count; index++)
        {
            var count = tensors[index].Shape.Aggregate(1L, (a, b) => a * b);
            for (long first = 0; first < count; first += ChunkElements)
            {
                var chunk = (int)Math.Min(ChunkElements, count - first);
                fill(index, first, values.AsSpan(0, chunk));
                for (var i = 0; i < chunk; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
                }

                stream.Write(bytes, 0, chunk * sizeof(float));
            }
        }
    }

    private static byte[] Header(IReadOnlyList<(string Name, long[] Shape)> tensors)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, shape) in tensors)
            {
                var end = offset + (shape.Aggregate(1L, (a, b) => a * b) * sizeof(float));
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }

            json.WriteEndObject();
        }

        // safetensors pads the header with spaces to a multiple of 8 bytes.
        var header = buffer.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        return [.. header, .. Encoding.ASCII.GetBytes(new string(' ', padded - header.Length))];
    }
}
