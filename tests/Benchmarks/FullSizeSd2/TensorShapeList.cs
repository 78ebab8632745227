namespace Benchmarks.FullSizeSd2;

/// <summary>
/// The tensors (names and shapes) of a torch model, listed module by module, with the layers the SD2 layouts share:
/// linear, 2-D convolution and normalization weights in torch's shapes.
/// </summary>
internal sealed class TensorShapeList
{
    private readonly List<(string Name, long[] Shape)> _tensors = [];

    /// <summary>The tensors added so far, in order.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> Tensors => _tensors;

    /// <summary>Adds one tensor.</summary>
    public void Add(string name, params long[] shape) => _tensors.Add((name, shape));

    /// <summary>torch.nn.Linear: weight [output, input] and, with <paramref name="bias"/>, bias [output].</summary>
    public void Linear(string prefix, long input, long output, bool bias = true)
    {
        Add(prefix + ".weight", output, input);
        if (bias)
        {
            Add(prefix + ".bias", output);
        }
    }

    /// <summary>torch.nn.Conv2d with a square kernel: weight [output, input, kernel, kernel] and bias [output].</summary>
    public void Conv(string prefix, long input, long output, long kernel)
    {
        Add(prefix + ".weight", output, input, kernel, kernel);
        Add(prefix + ".bias", output);
    }

    /// <summary>A layer or group normalization's affine: weight and bias [width].</summary>
    public void Norm(string prefix, long width)
    {
        Add(prefix + ".weight", width);
        Add(prefix + ".bias", width);
    }
}
