using Engine.Onnx;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// An ONNX graph under construction whose initializers come from a weight file, with the layer building blocks the
/// Stable Diffusion components share (linear, conv, layer and group normalization, activations). Every weight is read
/// once, checked against the shape the layer expects, and counted for progress; cancellation is checked per tensor.
/// </summary>
internal sealed class ConversionGraph
{
    private readonly WeightFile _weights;
    private readonly string _component;
    private readonly IProgress<ConversionProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly int _expectedTensors;

    /// <param name="graphName">ONNX graph name.</param>
    /// <param name="weights">The source weight file.</param>
    /// <param name="component">Component name for messages and progress.</param>
    /// <param name="belongs">Which source tensors this graph uses (the progress total); the VAE file holds both halves.</param>
    /// <param name="progress">Receives one report per tensor read.</param>
    /// <param name="cancellationToken">Checked before each tensor is read.</param>
    public ConversionGraph(
        string graphName,
        WeightFile weights,
        string component,
        Func<string, bool> belongs,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken)
    {
        Builder = new OnnxGraphBuilder(graphName);
        _weights = weights;
        _component = component;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _expectedTensors = weights.Tensors.Count(t => belongs(t.Name));
    }

    public OnnxGraphBuilder Builder { get; }

    public bool Has(string name) => _weights.Contains(name);

    /// <summary>Shape of a source tensor, or a conversion error naming it when it is missing.</summary>
    public IReadOnlyList<long> ShapeOf(string name) =>
        _weights.TryGetTensor(name, out var tensor)
            ? tensor.Shape
            : throw new ModelConversionException($"'{_weights.FilePath}' has no tensor '{name}', which the {_component} graph needs.");

    /// <summary>
    /// Adds the source tensor as a float32 initializer with the given dims (same element count; none: its own shape) and
    /// returns its name.
    /// </summary>
    public string Weight(string name, params long[] dims) => Weight(name, transpose: false, dims);

    /// <summary>Adds a 2-D [out, in] torch linear weight transposed to [in, out], ready for MatMul.</summary>
    public string LinearWeight(string name)
    {
        var shape = ShapeOf(name);
        if (shape.Count != 2)
        {
            throw Mismatch(name, shape, "2-D");
        }

        return Weight(name, transpose: true, shape[1], shape[0]);
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

    /// <summary>torch.nn.LayerNorm over the last axis (ONNX LayerNormalization, opset 17).</summary>
    public string LayerNorm(string x, string prefix, float epsilon)
    {
        var width = ShapeOf(prefix + ".weight")[^1];
        return Op("LayerNormalization", [x, Weight(prefix + ".weight", width), Weight(prefix + ".bias", width)],
            OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", epsilon));
    }

    /// <summary>
    /// torch.nn.GroupNorm on [N, C, ...]: reshaped to [N, G, -1], normalized per (n, g) with InstanceNormalization
    /// (unit scale, zero bias), reshaped back, then the per-channel affine. Uses only opset-1 operators, so it does not
    /// depend on GroupNormalization's opset-18/21 semantics change.
    /// </summary>
    public string GroupNorm(string x, string prefix, long groups, float epsilon)
    {
        var channels = ShapeOf(prefix + ".weight")[0];
        if (channels % groups != 0)
        {
            throw new ModelConversionException($"'{prefix}' has {channels} channels, not divisible into {groups} groups.");
        }

        var grouped = Op("Reshape", [x, Constant(0, groups, -1)]);
        var normalized = Op("InstanceNormalization",
            [grouped, Builder.Constant(Enumerable.Repeat(1f, (int)groups).ToArray(), groups), Builder.Constant(new float[groups], groups)],
            OnnxAttribute.Of("epsilon", epsilon));
        var restored = Op("Reshape", [normalized, Op("Shape", [x])]);
        var scaled = Op("Mul", [restored, Weight(prefix + ".weight", channels, 1, 1)]);
        return Op("Add", [scaled, Weight(prefix + ".bias", channels, 1, 1)]);
    }

    public string Silu(string x) => Op("Mul", [x, Op("Sigmoid", [x])]);

    /// <summary>The activations transformers names in <c>hidden_act</c>.</summary>
    public string Activation(string x, string name) => name switch
    {
        "gelu" => Op("Mul", [Op("Mul", [x, Builder.Scalar(0.5f)]),
            Op("Add", [Op("Erf", [Op("Div", [x, Builder.Scalar(MathF.Sqrt(2f))])]), Builder.Scalar(1f)])]),
        "quick_gelu" => Op("Mul", [x, Op("Sigmoid", [Op("Mul", [x, Builder.Scalar(1.702f)])])]),
        _ => throw new ModelConversionException($"hidden_act '{name}' is not supported (only 'gelu' and 'quick_gelu')."),
    };

    private string Weight(string name, bool transpose, params long[] dims)
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

        var values = new float[checked((int)count)];
        _weights.ReadFloat32(name, values);
        if (transpose)
        {
            values = Transpose2D(values, (int)dims[1], (int)dims[0]);
        }

        Builder.AddInitializer(name, values, dims);
        _progress?.Report(new ConversionProgress(_component, "weights", _used.Count, Math.Max(_expectedTensors, _used.Count)));
        return name;
    }

    private static float[] Transpose2D(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }

    private ModelConversionException Mismatch(string name, IReadOnlyList<long> shape, string expected) =>
        new($"Tensor '{name}' in '{_weights.FilePath}' has shape [{string.Join(", ", shape)}]; the {_component} graph expects {expected}.");
}
