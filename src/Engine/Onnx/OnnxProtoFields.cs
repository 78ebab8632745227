namespace Engine.Onnx;

/// <summary>
/// Field numbers of the onnx.proto messages the model reader and writer use, and the <c>DataLocation</c> value that
/// marks external data. One place, so the reader and the writer cannot disagree about the schema.
/// </summary>
internal static class OnnxProtoFields
{
    // ModelProto
    public const int ModelIrVersion = 1;
    public const int ModelProducerName = 2;
    public const int ModelProducerVersion = 3;
    public const int ModelGraph = 7;
    public const int ModelOpsetImport = 8;
    public const int ModelMetadataProps = 14;

    // OperatorSetIdProto
    public const int OpsetDomain = 1;
    public const int OpsetVersion = 2;

    // GraphProto
    public const int GraphNode = 1;
    public const int GraphName = 2;
    public const int GraphInitializer = 5;
    public const int GraphInput = 11;
    public const int GraphOutput = 12;

    // NodeProto
    public const int NodeInput = 1;
    public const int NodeOutput = 2;
    public const int NodeName = 3;
    public const int NodeOpType = 4;
    public const int NodeAttribute = 5;
    public const int NodeDomain = 7;

    // AttributeProto
    public const int AttrName = 1;
    public const int AttrF = 2;
    public const int AttrI = 3;
    public const int AttrS = 4;
    public const int AttrT = 5;
    public const int AttrFloats = 7;
    public const int AttrInts = 8;
    public const int AttrType = 20;

    // TensorProto
    public const int TensorDims = 1;
    public const int TensorDataType = 2;
    public const int TensorName = 8;
    public const int TensorRawData = 9;
    public const int TensorExternalData = 13;
    public const int TensorDataLocation = 14;
    public const int DataLocationExternal = 1;

    // StringStringEntryProto
    public const int EntryKey = 1;
    public const int EntryValue = 2;

    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto(.Dimension)
    public const int ValueInfoName = 1;
    public const int ValueInfoType = 2;
    public const int TypeTensorType = 1;
    public const int TensorTypeElemType = 1;
    public const int TensorTypeShape = 2;
    public const int ShapeDim = 1;
    public const int DimValue = 1;
    public const int DimParam = 2;
}
