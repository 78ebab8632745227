using System.Globalization;

namespace Engine.Onnx.Writing;

/// <summary>
/// Builds a single-graph ONNX model (ai.onnx opset 17, IR version 8 by default) and writes it as protobuf,
/// optionally with large initializers in an external data file.
/// </summary>
/// <remarks>
/// The <c>Op</c> helpers name their outputs and nodes from a counter, so the same sequence of calls always
/// produces byte-identical files.
/// </remarks>
public sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly List<KeyValuePair<string, long>> _opsetImports = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private readonly HashSet<string> _names = [];
    private int _counter;

    /// <summary>Creates an empty graph importing ai.onnx at <paramref name="opsetVersion"/>.</summary>
    public OnnxGraphBuilder(string name = "graph", long opsetVersion = 17)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _opsetImports.Add(new(string.Empty, opsetVersion));
    }

    /// <summary>Graph name.</summary>
    public string Name { get; }

    /// <summary>ONNX IR version written to the model (8 matches opset 17 and loads in ONNX Runtime 1.14+).</summary>
    public long IrVersion { get; set; } = 8;

    /// <summary>Written to <c>producer_name</c>.</summary>
    public string ProducerName { get; set; } = "Engine.Onnx.Writing";

    /// <summary>Written to <c>producer_version</c>.</summary>
    public string ProducerVersion { get; set; } = "1";

    /// <summary>Operator set imports as (domain, version); the empty domain is ai.onnx.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> OpsetImports => _opsetImports;

    /// <summary>Model <c>metadata_props</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

    /// <summary>Nodes in topological order (the order they were added).</summary>
    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    /// <summary>Initializers in insertion order.</summary>
    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    /// <summary>Graph inputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    /// <summary>Graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    /// <summary>Imports another operator domain (e.g. <c>com.microsoft</c>).</summary>
    public OnnxGraphBuilder ImportOpset(string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _opsetImports.RemoveAll(p => p.Key == domain);
        _opsetImports.Add(new(domain, version));
        return this;
    }

    /// <summary>Adds a <c>metadata_props</c> entry.</summary>
    public OnnxGraphBuilder AddMetadata(string key, string value)
    {
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>Declares a graph input.</summary>
    public OnnxGraphBuilder AddInput(string name, OnnxElementType elementType, params OnnxDim[] dims)
    {
        Claim(name);
        _inputs.Add(new OnnxValueInfo(name, elementType, dims));
        return this;
    }

    /// <summary>Declares a graph output; a node must produce a value of this name.</summary>
    public OnnxGraphBuilder AddOutput(string name, OnnxElementType elementType, params OnnxDim[] dims)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _outputs.Add(new OnnxValueInfo(name, elementType, dims));
        return this;
    }

    /// <summary>Adds an initializer (held or deferred: see <see cref="OnnxTensor"/>).</summary>
    public OnnxGraphBuilder AddInitializer(OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Claim(tensor.Name);
        _initializers.Add(tensor);
        return this;
    }

    /// <summary>Adds a float32 initializer; no dims means a 1-D tensor.</summary>
    public OnnxGraphBuilder AddInitializer(string name, float[] values, params long[] dims) =>
        AddInitializer(OnnxTensor.FromFloats(name, values, dims));

    /// <summary>Adds an int64 initializer; no dims means a 1-D tensor.</summary>
    public OnnxGraphBuilder AddInitializer(string name, long[] values, params long[] dims) =>
        AddInitializer(OnnxTensor.FromInt64s(name, values, dims));

    /// <summary>Adds an int32 initializer; no dims means a 1-D tensor.</summary>
    public OnnxGraphBuilder AddInitializer(string name, int[] values, params long[] dims) =>
        AddInitializer(OnnxTensor.FromInt32s(name, values, dims));

    /// <summary>Adds a node with explicit output names.</summary>
    public OnnxGraphBuilder AddNode(
        string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var output in outputs)
        {
            Claim(output);
        }

        var nodeName = string.Create(CultureInfo.InvariantCulture, $"{opType}_n{_nodes.Count}");
        _nodes.Add(new OnnxNode(opType, [.. inputs], [.. outputs], nodeName, [.. attributes]));
        return this;
    }

    /// <summary>Adds a single-output node and returns its generated output name.</summary>
    public string Op(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        var output = NextName(opType);
        AddNode(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a single-output node whose output gets the given name (typically a graph output).</summary>
    public string OpNamed(string output, string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        AddNode(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a float32 scalar initializer (shape []) and returns its name.</summary>
    public string Scalar(float value)
    {
        var name = NextName("const");
        AddInitializer(new OnnxTensor(name, OnnxElementType.Float32, [], OnnxTensor.FromFloats(name, [value]).Data));
        return name;
    }

    /// <summary>Adds a float16 scalar initializer (shape []) and returns its name.</summary>
    public string Scalar(Half value)
    {
        var name = NextName("const");
        AddInitializer(new OnnxTensor(name, OnnxElementType.Float16, [], OnnxTensor.FromHalves(name, [value]).Data));
        return name;
    }

    /// <summary>Adds an int64 scalar initializer (shape []) and returns its name.</summary>
    public string Scalar(long value)
    {
        var name = NextName("const");
        AddInitializer(new OnnxTensor(name, OnnxElementType.Int64, [], OnnxTensor.FromInt64s(name, [value]).Data));
        return name;
    }

    /// <summary>Adds a float32 initializer with a generated name and returns the name.</summary>
    public string Constant(float[] values, params long[] dims)
    {
        var name = NextName("const");
        AddInitializer(name, values, dims);
        return name;
    }

    /// <summary>Adds an int64 initializer with a generated name and returns the name.</summary>
    public string Constant(long[] values, params long[] dims)
    {
        var name = NextName("const");
        AddInitializer(name, values, dims);
        return name;
    }

    /// <summary>Encodes the model with every initializer inline.</summary>
    public byte[] ToBytes() => OnnxModelEncoder.Encode(this, _ => null).ToArray();

    /// <summary>Writes the model with every initializer inline.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        OnnxModelEncoder.Encode(this, _ => null).CopyTo(stream);
    }

    /// <summary>
    /// Saves the model to <paramref name="path"/>. With <paramref name="externalData"/>, initializers of at least
    /// its threshold size go to a data file next to the model (<c>data_location = EXTERNAL</c>).
    /// </summary>
    public void Save(string path, OnnxExternalDataOptions? externalData = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        if (externalData is null)
        {
            using var plain = File.Create(path);
            WriteTo(plain);
            return;
        }

        var dataPath = Path.Combine(folder, externalData.Location);
        using var data = File.Create(dataPath);
        var encoded = OnnxModelEncoder.Encode(this, tensor =>
        {
            if (tensor.ByteLength < externalData.SizeThreshold)
            {
                return null;
            }

            var alignment = Math.Max(1, externalData.Alignment);
            var offset = (data.Position + alignment - 1) / alignment * alignment;
            if (offset > data.Position)
            {
                data.Write(new byte[offset - data.Position]);
            }

            tensor.WriteDataTo(data);
            return new OnnxExternalTensorLocation(externalData.Location, offset, tensor.ByteLength);
        });

        using var model = File.Create(path);
        encoded.CopyTo(model);
    }

    private string NextName(string prefix)
    {
        string name;
        do
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{_counter++}");
        }
        while (_names.Contains(name));

        return name;
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The name '{name}' is already used in graph '{Name}'.", nameof(name));
        }
    }
}
