using Engine.Onnx;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// An ONNX graph under construction whose initializers come from a weight file, with the layer building blocks the
/// Stable Diffusion components share (linear, conv, layer and group normalization, activations). Every weight is
/// checked against the shape the layer expects and counted for progress when the graph is built, and streamed from the
/// weight file when the graph is saved (deferred initializers), so the weight file must stay open until then;
/// cancellation is checked per tensor in both phases.
/// </summary>
/// <remarks>
/// With <see cref="ModelPrecision.Float16"/>, weights are written as float16 and the blocks compute in float16, except
/// the fp32 islands: layer and group normalization compute their statistics and affine in float32 (<see cref="LayerNorm"/>,
/// <see cref="GroupNorm"/>), and callers put attention scores and softmax in float32 with <see cref="ToFloat32"/> and
/// <see cref="ToCompute"/> (see docs/decisions/0007-fp16-fp32-islands.md). In float32 every cast is omitted, so fp32
/// graphs are unchanged.
/// </remarks>
internal sealed class ConversionGraph
{
    private readonly WeightFile _weights;
    private readonly string _component;
    private readonly IProgress<ConversionProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly int _expectedTensors;
    private int _written;

    /// <param name="graphName">ONNX graph name.</param>
    /// <param name="weights">The source weight file.</param>
    /// <param name="component">Component name for messages and progress.</param>
    /// <param name="belongs">Which source tensors this graph uses (the progress total); the VAE file holds both halves.</param>
    /// <param name="progress">Receives one report per tensor read.</param>
    /// <param name="cancellationToken">Checked before each tensor is added and before each is written.</param>
    /// <param name="precision">Element type of the weights and of the computation outside the fp32 islands.</param>
    public ConversionGraph(
        string graphName,
        WeightFile weights,
        string component,
        Func<string, bool> belongs,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken,
        ModelPrecision precision = ModelPrecision.Float32)
    {
        Builder = new OnnxGraphBuilder(graphName);
        _weights = weights;
        _component = component;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _expectedTensors = weights.Tensors.Count(t => belongs(t.Name));
        Precision = precision;
    }

    public OnnxGraphBuilder Builder { get; }

    /// <summary>The precision the graph is built in.</summary>
    public ModelPrecision Precision { get; }

    /// <summary>Element type of weights and activations outside the fp32 islands (Float16 or Float32).</summary>
    public OnnxElementType ComputeType => Precision == ModelPrecision.Float16 ? OnnxElementType.Float16 : OnnxElementType.Float32;

    /// <summary>Casts a compute-type value to float32 (no node in a float32 graph).</summary>
    public string ToFloat32(string x) =>
        Precision == ModelPrecision.Float32 ? x : Op("Cast", [x], OnnxAttribute.Of("to", (long)OnnxElementType.Float32));

    /// <summary>Casts a float32 value back to the compute type (no node in a float32 graph).</summary>
    public string ToCompute(string x) =>
        Precision == ModelPrecision.Float32 ? x : Op("Cast", [x], OnnxAttribute.Of("to", (long)ComputeType));

    /// <summary>A scalar constant (shape []) in the compute type.</summary>
    public string Scalar(float value) =>
        Precision == ModelPrecision.Float32 ? Builder.Scalar(value) : Builder.Scalar((Half)value);

    public bool Has(string name) => _weights.Contains(name);

    /// <summary>Shape of a source tensor, or a conversion error naming it when it is missing.</summary>
    public IReadOnlyList<long> ShapeOf(string name) =>
        _weights.TryGetTensor(name, out var tensor)
            ? tensor.Shape
            : throw new ModelConversionException($"'{_weights.FilePath}' has no tensor '{name}', which the {_component} graph needs.");

    /// <summary>
    /// Adds the source tensor as an initializer of the compute type with the given dims (same element count; none: its
    /// own shape) and returns its name.
    /// </summary>
    public string Weight(string name, params long[] dims) => Weight(name, transpose: false, ComputeType, dims);

    /// <summary>As <see cref="Weight(string, long[])"/>, always float32: parameters used inside an fp32 island.</summary>
    public string Float32Weight(string name, params long[] dims) => Weight(name, transpose: false, OnnxElementType.Float32, dims);

    /// <summary>Adds a 2-D [out, in] torch linear weight transposed to [in, out], ready for MatMul.</summary>
    public string LinearWeight(string name)
    {
        var shape = ShapeOf(name);
        if (shape.Count != 2)
        {
            throw Mismatch(name, shape, "2-D");
        }

        return Weight(name, transpose: true, ComputeType, shape[1], shape[0]);
    }

    public string Op(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Builder.Op(opType, inputs, attributes);

    public string Constant(params long[] values) => Builder.Constant(values, values.Length);

    /// <summary>torch.nn.Linear: x · Wᵀ + b over the last axis.</summary>
    public string Linear(string x, string prefix, bool bias = true)
    {
        var y = Op("MatMul", [x, LinearWeight(prefix + ".weight")]);
        return bias ? Op("Add", [y, Weight(prefix + ".bias")]) : y;
    }

    /// <summary>torch.nn.Conv2d with square kernel, "same"-style symmetric padding and the given stride.</summary>
    public string Conv2d(string x, string prefix, long padding, long stride = 1)
    {
        var shape = ShapeOf(prefix + ".weight");
        if (shape.Count != 4)
        {
            throw Mismatch(prefix + ".weight", shape, "4-D [out, in, kh, kw]");
        }

        var weight = Weight(prefix + ".weight", [.. shape]);
        var bias = Weight(prefix + ".bias", shape[0]);
        return Op("Conv", [x, weight, bias],
            OnnxAttribute.Of("kernel_shape", shape[2], shape[3]),
            OnnxAttribute.Of("pads", padding, padding, padding, padding),
            OnnxAttribute.Of("strides", stride, stride));
    }

    /// <summary>torch.nn.LayerNorm over the last axis (ONNX LayerNormalization, opset 17), in float32 (an fp32 island).</summary>
    public string LayerNorm(string x, string prefix, float epsilon)
    {
        var width = ShapeOf(prefix + ".weight")[^1];
        return ToCompute(Op("LayerNormalization", [ToFloat32(x), Float32Weight(prefix + ".weight", width), Float32Weight(prefix + ".bias", width)],
            OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", epsilon)));
    }

    /// <summary>
    /// torch.nn.GroupNorm on [N, C, ...]: reshaped to [N, G, -1], normalized per (n, g) with InstanceNormalization
    /// (unit scale, zero bias), reshaped back, then the per-channel affine. Uses only opset-1 operators, so it does not
    /// depend on GroupNormalization's opset-18/21 semantics change. Computed in float32 (an fp32 island): the variance of
    /// a group of activations overflows float16 long before the activations do.
    /// </summary>
    public string GroupNorm(string x, string prefix, long groups, float epsilon)
    {
        var channels = ShapeOf(prefix + ".weight")[0];
        if (channels % groups != 0)
        {
            throw new ModelConversionException($"'{prefix}' has {channels} channels, not divisible into {groups} groups.");
        }

        var grouped = Op("Reshape", [ToFloat32(x), Constant(0, groups, -1)]);
        var normalized = Op("InstanceNormalization",
            [grouped, Builder.Constant(Enumerable.Repeat(1f, (int)groups).ToArray(), groups), Builder.Constant(new float[groups], groups)],
            OnnxAttribute.Of("epsilon", epsilon));
        var restored = Op("Reshape", [normalized, Op("Shape", [x])]);
        var scaled = Op("Mul", [restored, Float32Weight(prefix + ".weight", channels, 1, 1)]);
        return ToCompute(Op("Add", [scaled, Float32Weight(prefix + ".bias", channels, 1, 1)]));
    }

    /// <summary>diffusers' <c>Upsample2D</c>: nearest-neighbour 2x upsampling, then the 3x3 <c>conv</c> under <paramref name="prefix"/>.</summary>
    public string Upsample2x(string x, string prefix)
    {
        var upsampled = Op("Resize", [x, string.Empty, Builder.Constant([1f, 1f, 2f, 2f], 4)],
            OnnxAttribute.Of("mode", "nearest"),
            OnnxAttribute.Of("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.Of("nearest_mode", "floor"));
        return Conv2d(upsampled, prefix + ".conv", padding: 1);
    }

    public string Silu(string x) => Op("Mul", [x, Op("Sigmoid", [x])]);

    /// <summary>The activations transformers names in <c>hidden_act</c>.</summary>
    public string Activation(string x, string name) => name switch
    {
        "gelu" => Op("Mul", [Op("Mul", [x, Scalar(0.5f)]),
            Op("Add", [Op("Erf", [Op("Div", [x, Scalar(MathF.Sqrt(2f))])]), Scalar(1f)])]),
        "quick_gelu" => Op("Mul", [x, Op("Sigmoid", [Op("Mul", [x, Scalar(1.702f)])])]),
        _ => throw new ModelConversionException($"hidden_act '{name}' is not supported (only 'gelu' and 'quick_gelu')."),
    };

    private string Weight(string name, bool transpose, OnnxElementType elementType, params long[] dims)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var shape = ShapeOf(name);
        if (dims.Length == 0)
        {
            dims = [.. shape];
        }

        long count = 1;
        foreach (var dim in dims)
        {
            count *= dim;
        }

        if (count != shape.Aggregate(1L, (a, b) => a * b))
        {
            throw Mismatch(name, shape, $"[{string.Join(", ", dims)}]");
        }

        if (!_used.Add(name))
        {
            throw new InvalidOperationException($"Tensor '{name}' was added twice.");
        }

        var source = new StreamedWeight(_weights, name, elementType, transpose ? dims[1] : 0, transpose ? dims[0] : 0, transpose);
        Builder.AddInitializer(new OnnxTensor(name, elementType, dims, stream =>
        {
            _cancellationToken.ThrowIfCancellationRequested();
            source.WriteTo(stream);
            _written++;
            _progress?.Report(new ConversionProgress(_component, "writing", _written, _used.Count));
        }));
        _progress?.Report(new ConversionProgress(_component, "weights", _used.Count, Math.Max(_expectedTensors, _used.Count)));
        return name;
    }

    private ModelConversionException Mismatch(string name, IReadOnlyList<long> shape, string expected) =>
        new($"Tensor '{name}' in '{_weights.FilePath}' has shape [{string.Join(", ", shape)}]; the {_component} graph expects {expected}.");
}
