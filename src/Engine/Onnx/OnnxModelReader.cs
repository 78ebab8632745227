using System.Globalization;
using System.Text;
using static Engine.Onnx.OnnxProtoFields;
using static Engine.Onnx.ProtoWireType;

namespace Engine.Onnx;

/// <summary>
/// Reads an ONNX file's signature (inputs, outputs, opset, external-data references) straight from the protobuf,
/// without ONNX Runtime. It seeks past node lists and weight bytes, so a multi-GB model costs a few hundred KB of
/// reads and no memory for weights; creating an <c>InferenceSession</c> would load and optimise every weight.
/// A file that passes is structurally sound; whether ORT supports every operator is only known at session creation.
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Reads the signature of the model at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is empty, truncated, not an ONNX model, or a Git LFS pointer; the message says which (without the path).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OnnxModelSignature Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 16 * 1024);
        return Read(stream);
    }

    /// <summary>Reads a signature from a seekable stream positioned at the start of an ONNX file.</summary>
    /// <exception cref="InvalidDataException">The content is not a complete ONNX model.</exception>
    public static OnnxModelSignature Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable.", nameof(stream));
        }

        if (stream.Length == 0)
        {
            throw new InvalidDataException("the file is empty");
        }

        RejectTextPointers(stream);
        var reader = new ProtobufStreamReader(stream);
        var end = stream.Length;
        long irVersion = 0;
        long opset = 0;
        Graph? graph = null;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            switch (field, wire)
            {
                case (ModelIrVersion, Varint):
                    irVersion = (long)reader.ReadVarint(end);
                    break;
                case (ModelGraph, LengthDelimited):
                    graph = ReadGraph(reader, reader.ReadLengthDelimitedEnd(end));
                    break;
                case (ModelOpsetImport, LengthDelimited):
                    var (domain, version) = ReadOpset(reader, reader.ReadLengthDelimitedEnd(end));
                    if (domain is "" or "ai.onnx")
                    {
                        opset = version;
                    }

                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }

        if (irVersion <= 0 || graph is null)
        {
            throw new InvalidDataException("not an ONNX model (no IR version or no graph found)");
        }

        if (graph.Outputs.Count == 0)
        {
            throw new InvalidDataException("the ONNX graph declares no outputs");
        }

        var initializerNames = graph.Initializers.ToHashSet(StringComparer.Ordinal);
        return new OnnxModelSignature
        {
            // IR < 4 lists every initializer as an input too; only the rest must be fed.
            Inputs = graph.Inputs.Where(i => !initializerNames.Contains(i.Name)).ToArray(),
            Outputs = graph.Outputs,
            IrVersion = irVersion,
            Opset = opset,
            ExternalData = graph.ExternalData,
            ExternalDataFiles = graph.ExternalData.Select(e => e.Location).Distinct(StringComparer.Ordinal).ToArray(),
        };
    }

    private static void RejectTextPointers(Stream stream)
    {
        Span<byte> head = stackalloc byte[24];
        var read = stream.Read(head);
        stream.Position = 0;
        var text = Encoding.ASCII.GetString(head[..read]);
        if (text.StartsWith("version https://git-lfs", StringComparison.Ordinal))
        {
            throw new InvalidDataException("is a Git LFS pointer, not the model itself (run 'git lfs pull' in the model repository)");
        }
    }

    private static Graph ReadGraph(ProtobufStreamReader reader, long end)
    {
        var graph = new Graph();
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            switch (field, wire)
            {
                case (GraphInitializer, LengthDelimited):
                    ReadInitializer(reader, reader.ReadLengthDelimitedEnd(end), graph);
                    break;
                case (GraphInput, LengthDelimited):
                    graph.Inputs.Add(ReadValueInfo(reader, reader.ReadLengthDelimitedEnd(end)));
                    break;
                case (GraphOutput, LengthDelimited):
                    graph.Outputs.Add(ReadValueInfo(reader, reader.ReadLengthDelimitedEnd(end)));
                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }

        return graph;
    }

    private static void ReadInitializer(ProtobufStreamReader reader, long end, Graph graph)
    {
        var name = string.Empty;
        var external = false;
        string? location = null;
        long offset = 0;
        long? length = null;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            switch (field, wire)
            {
                case (TensorName, LengthDelimited):
                    name = reader.ReadString(end);
                    break;
                case (TensorDataLocation, Varint):
                    external = reader.ReadVarint(end) == DataLocationExternal;
                    break;
                case (TensorExternalData, LengthDelimited):
                    var (key, value) = ReadKeyValue(reader, reader.ReadLengthDelimitedEnd(end));
                    switch (key)
                    {
                        case "location":
                            location = value;
                            break;
                        case "offset":
                            offset = ParseCount(value, name, key);
                            break;
                        case "length":
                            length = ParseCount(value, name, key);
                            break;
                    }

                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }

        reader.SeekTo(end);
        graph.Initializers.Add(name);
        if (external)
        {
            graph.ExternalData.Add(new OnnxExternalDataReference(name, location
                ?? throw new InvalidDataException($"initializer '{name}' is stored externally but names no location"), offset, length));
        }
    }

    private static long ParseCount(string value, string tensor, string key) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidDataException($"initializer '{tensor}' has an invalid external-data {key} '{value}'");

    private static (string Key, string Value) ReadKeyValue(ProtobufStreamReader reader, long end)
    {
        string key = string.Empty, value = string.Empty;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            if (wire == LengthDelimited && field is EntryKey or EntryValue)
            {
                var text = reader.ReadString(end);
                if (field == EntryKey)
                {
                    key = text;
                }
                else
                {
                    value = text;
                }
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (key, value);
    }

    private static (string Domain, long Version) ReadOpset(ProtobufStreamReader reader, long end)
    {
        var domain = string.Empty;
        long version = 0;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            if (field == OpsetDomain && wire == LengthDelimited)
            {
                domain = reader.ReadString(end);
            }
            else if (field == OpsetVersion && wire == Varint)
            {
                version = (long)reader.ReadVarint(end);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (domain, version);
    }

    private static OnnxTensorInfo ReadValueInfo(ProtobufStreamReader reader, long end)
    {
        var name = string.Empty;
        var elementType = 0;
        List<OnnxDimension>? dims = null;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            if (field == ValueInfoName && wire == LengthDelimited)
            {
                name = reader.ReadString(end);
            }
            else if (field == ValueInfoType && wire == LengthDelimited)
            {
                (elementType, dims) = ReadType(reader, reader.ReadLengthDelimitedEnd(end));
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        var kind = Enum.IsDefined(typeof(OnnxElementType), elementType) ? (OnnxElementType)elementType : OnnxElementType.Other;
        return new OnnxTensorInfo(name, kind, dims, elementType);
    }

    private static (int ElementType, List<OnnxDimension>? Dims) ReadType(ProtobufStreamReader reader, long end)
    {
        var elementType = 0;
        List<OnnxDimension>? dims = null;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            // Only tensor_type (1) is understood; sequences, maps and optionals stay "Other" with no shape.
            if (field == TypeTensorType && wire == LengthDelimited)
            {
                var tensorEnd = reader.ReadLengthDelimitedEnd(end);
                while (reader.TryReadTag(tensorEnd, out var f, out var w))
                {
                    if (f == TensorTypeElemType && w == Varint)
                    {
                        elementType = (int)reader.ReadVarint(tensorEnd);
                    }
                    else if (f == TensorTypeShape && w == LengthDelimited)
                    {
                        dims = ReadShape(reader, reader.ReadLengthDelimitedEnd(tensorEnd));
                    }
                    else
                    {
                        reader.Skip(w, tensorEnd);
                    }
                }
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (elementType, dims);
    }

    private static List<OnnxDimension> ReadShape(ProtobufStreamReader reader, long end)
    {
        var dims = new List<OnnxDimension>();
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            if (field != ShapeDim || wire != LengthDelimited)
            {
                reader.Skip(wire, end);
                continue;
            }

            var dimEnd = reader.ReadLengthDelimitedEnd(end);
            long? size = null;
            string? symbol = null;
            while (reader.TryReadTag(dimEnd, out var f, out var w))
            {
                if (f == DimValue && w == Varint)
                {
                    size = (long)reader.ReadVarint(dimEnd);
                }
                else if (f == DimParam && w == LengthDelimited)
                {
                    symbol = reader.ReadString(dimEnd);
                }
                else
                {
                    reader.Skip(w, dimEnd);
                }
            }

            // Exporters write -1 or 0 for "unknown"; treat both as free.
            dims.Add(size is > 0 ? OnnxDimension.Fixed(size.Value) : new OnnxDimension(null, symbol));
        }

        return dims;
    }

    private sealed class Graph
    {
        public List<OnnxTensorInfo> Inputs { get; } = [];

        public List<OnnxTensorInfo> Outputs { get; } = [];

        public List<string> Initializers { get; } = [];

        public List<OnnxExternalDataReference> ExternalData { get; } = [];
    }
}
