using static Engine.Onnx.OnnxProtoFields;

namespace Engine.Onnx.Writing;

/// <summary>Encodes a built graph as an ONNX <c>ModelProto</c>, using the field numbers of onnx.proto.</summary>
internal static class OnnxModelEncoder
{
    /// <summary>Encodes the model; <paramref name="external"/> returns where a tensor's data went, or null to inline it.</summary>
    public static ProtoWriter Encode(OnnxGraphBuilder graph, Func<OnnxTensor, OnnxExternalTensorLocation?> external)
    {
        var model = new ProtoWriter(4096);
        model.WriteVarintField(ModelIrVersion, graph.IrVersion);
        model.WriteStringField(ModelProducerName, graph.ProducerName);
        model.WriteStringField(ModelProducerVersion, graph.ProducerVersion);
        model.WriteMessageField(ModelGraph, g => WriteGraph(g, graph, external));
        foreach (var (domain, version) in graph.OpsetImports)
        {
            model.WriteMessageField(ModelOpsetImport, o =>
            {
                o.WriteStringField(OpsetDomain, domain);
                o.WriteVarintField(OpsetVersion, version);
            });
        }

        foreach (var (key, value) in graph.Metadata)
        {
            model.WriteMessageField(ModelMetadataProps, e => WriteEntry(e, key, value));
        }

        return model;
    }

    private static void WriteGraph(
        ProtoWriter writer, OnnxGraphBuilder graph, Func<OnnxTensor, OnnxExternalTensorLocation?> external)
    {
        foreach (var node in graph.Nodes)
        {
            writer.WriteMessageField(GraphNode, n => WriteNode(n, node));
        }

        writer.WriteStringField(GraphName, graph.Name);
        foreach (var tensor in graph.Initializers)
        {
            var location = external(tensor);
            writer.WriteMessageField(GraphInitializer, t => WriteTensor(t, tensor, location));
        }

        foreach (var input in graph.Inputs)
        {
            writer.WriteMessageField(GraphInput, v => WriteValueInfo(v, input));
        }

        foreach (var output in graph.Outputs)
        {
            writer.WriteMessageField(GraphOutput, v => WriteValueInfo(v, output));
        }
    }

    private static void WriteNode(ProtoWriter writer, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            writer.WriteStringField(NodeInput, input);
        }

        foreach (var output in node.Outputs)
        {
            writer.WriteStringField(NodeOutput, output);
        }

        writer.WriteStringField(NodeName, node.Name);
        writer.WriteStringField(NodeOpType, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            writer.WriteMessageField(NodeAttribute, a => WriteAttribute(a, attribute));
        }

        if (node.Domain.Length > 0)
        {
            writer.WriteStringField(NodeDomain, node.Domain);
        }
    }

    private static void WriteAttribute(ProtoWriter writer, OnnxAttribute attribute)
    {
        writer.WriteStringField(AttrName, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                writer.WriteFloatField(AttrF, attribute.FloatValue);
                break;
            case OnnxAttributeType.Int:
                writer.WriteVarintField(AttrI, attribute.IntValue);
                break;
            case OnnxAttributeType.String:
                writer.WriteStringField(AttrS, attribute.StringValue!);
                break;
            case OnnxAttributeType.Tensor:
                writer.WriteMessageField(AttrT, t => WriteTensor(t, attribute.TensorValue!, null));
                break;
            case OnnxAttributeType.Floats:
                writer.WritePackedFloatField(AttrFloats, [.. attribute.FloatsValue]);
                break;
            case OnnxAttributeType.Ints:
                writer.WritePackedVarintField(AttrInts, [.. attribute.IntsValue]);
                break;
            default:
                throw new InvalidOperationException($"Unsupported attribute type {attribute.Type}.");
        }

        writer.WriteVarintField(AttrType, (long)attribute.Type);
    }

    private static void WriteTensor(ProtoWriter writer, OnnxTensor tensor, OnnxExternalTensorLocation? location)
    {
        writer.WritePackedVarintField(TensorDims, [.. tensor.Dims]);
        writer.WriteVarintField(TensorDataType, (long)tensor.ElementType);
        writer.WriteStringField(TensorName, tensor.Name);
        if (location is null)
        {
            if (tensor.IsDeferred)
            {
                writer.WriteDeferredBytesField(TensorRawData, tensor.ByteLength, tensor.WriteDataTo);
            }
            else
            {
                writer.WriteBytesField(TensorRawData, tensor.Data.Span);
            }

            return;
        }

        var offset = location.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var length = location.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteMessageField(TensorExternalData, e => WriteEntry(e, "location", location.Location));
        writer.WriteMessageField(TensorExternalData, e => WriteEntry(e, "offset", offset));
        writer.WriteMessageField(TensorExternalData, e => WriteEntry(e, "length", length));
        writer.WriteVarintField(TensorDataLocation, DataLocationExternal);
    }

    private static void WriteValueInfo(ProtoWriter writer, OnnxValueInfo info)
    {
        writer.WriteStringField(ValueInfoName, info.Name);
        writer.WriteMessageField(ValueInfoType, type => type.WriteMessageField(TypeTensorType, tensorType =>
        {
            tensorType.WriteVarintField(TensorTypeElemType, (long)info.ElementType);
            tensorType.WriteMessageField(TensorTypeShape, shape =>
            {
                foreach (var dim in info.Dims)
                {
                    shape.WriteMessageField(ShapeDim, d =>
                    {
                        if (dim.Parameter is not null)
                        {
                            d.WriteStringField(DimParam, dim.Parameter);
                        }
                        else
                        {
                            d.WriteVarintField(DimValue, dim.Value!.Value);
                        }
                    });
                }
            });
        }));
    }

    private static void WriteEntry(ProtoWriter writer, string key, string value)
    {
        writer.WriteStringField(EntryKey, key);
        writer.WriteStringField(EntryValue, value);
    }
}
