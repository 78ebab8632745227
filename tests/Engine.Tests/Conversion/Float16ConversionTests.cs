using Engine.Conversion;
using Engine.Models;
using Engine.Onnx;
using Engine.Tests.Support;
using Engine.Tests.Weights;
using Engine.Weights;
using Xunit.Abstractions;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

/// <summary>
/// fp16 conversion (<see cref="ModelPrecision.Float16"/>) of the tiny-sd2 components against diffusers' fp32 references,
/// its IO types, its fp32 islands, and attention logits beyond float16's range.
/// </summary>
/// <remarks>
/// Tolerance: float16 keeps 11 significant bits (relative rounding 2⁻¹¹ ≈ 4.9e-4 per operation). Every weight and every
/// activation between the fp32 islands is rounded, through some 20 (text encoder) to 60 (U-Net) layers whose errors add
/// up roughly as a random walk: measured 0.5e-3 to 1.3e-3 of the scale here. 5e-3 of max |expected| leaves room for
/// other CPUs and kernels and still fails for a wrong layer or a missing island (errors of 1e-1 and more, or NaN).
/// </remarks>
public sealed class Float16ConversionTests : IDisposable
{
    private const double Tolerance = 5e-3;
    private readonly ITestOutputHelper _output;
    private readonly string _scratch = NewScratch();

    public Float16ConversionTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => DeleteScratch(_scratch);

    [SkippableFact]
    public void ConvertTextEncoder_Float16_MatchesTheFloat32ReferenceWithinFloat16Rounding()
    {
        var target = Path.Combine(_scratch, "text_encoder");
        DiffusersToOnnxConverter.ConvertTextEncoder(Diffusers("text_encoder"), target, ModelPrecision.Float16);

        var io = Classify(target, TextEncoderIo.Classify);
        Assert.Equal(OnnxElementType.Int64, io.InputIdsType);
        Assert.Equal(OnnxElementType.Float16, io.HiddenStateType);
        var ids = NpyArray.Load(ModelIo("text_encoder.input_ids.npy"));
        var converted = Run(Path.Combine(target, "model.onnx"), "input_ids", ids);
        foreach (var name in new[] { "last_hidden_state", "pooler_output" })
        {
            AssertClose(name, NpyArray.Load(ModelIo($"text_encoder.{name}.npy")).AsFloats(), converted[name].Data);
        }
    }

    [SkippableTheory]
    [InlineData("unet.sample.npy", 999f, "unet.t999.out_sample.npy")]
    [InlineData("unet.sample.npy", 500.5f, "unet.t500_5.out_sample.npy")]
    [InlineData("unet.sample_24x40.npy", 999f, "unet.t999.out_sample_24x40.npy")]
    public void ConvertUNet_Float16_MatchesTheFloat32ReferenceWithinFloat16Rounding(string sampleFile, float timestep, string expectedFile)
    {
        var target = Path.Combine(_scratch, "unet");
        DiffusersToOnnxConverter.ConvertUNet(Diffusers("unet"), target, ModelPrecision.Float16);

        var io = Classify(target, UNetIo.Classify);
        Assert.Equal(OnnxElementType.Float16, io.SampleType);
        Assert.Equal(OnnxElementType.Float16, io.EncoderHiddenStatesType);
        Assert.Equal(OnnxElementType.Float32, io.TimestepType); // fractional timesteps near 1000 need more than float16's 11 bits
        var converted = RunUNet(Path.Combine(target, "model.onnx"), NpyArray.Load(ModelIo(sampleFile)), timestep,
            NpyArray.Load(ModelIo("unet.encoder_hidden_states.npy")));
        AssertClose("out_sample", NpyArray.Load(ModelIo(expectedFile)).AsFloats(), converted.Data);
    }

    [SkippableFact]
    public void ConvertUNet_Float16_WeightsAreHalfTheSize()
    {
        DiffusersToOnnxConverter.ConvertUNet(Diffusers("unet"), Path.Combine(_scratch, "fp32"));
        DiffusersToOnnxConverter.ConvertUNet(Diffusers("unet"), Path.Combine(_scratch, "fp16"), ModelPrecision.Float16);

        var fp32 = new FileInfo(Path.Combine(_scratch, "fp32", "model.onnx")).Length;
        var fp16 = new FileInfo(Path.Combine(_scratch, "fp16", "model.onnx")).Length;
        Assert.InRange(fp16, fp32 * 0.45, fp32 * 0.6); // the norm parameters stay float32 and the graph itself does not shrink
    }

    [SkippableFact]
    public void Float16Graphs_ComputeAttentionScoresSoftmaxAndNormalizationsInFloat32()
    {
        using var unetWeights = ComponentWeightFiles.Open(Diffusers("unet"));
        var unet = UNetGraph.Build(Path.Combine(Diffusers("unet"), "config.json"), unetWeights, null, CancellationToken.None, ModelPrecision.Float16);
        using var textWeights = ComponentWeightFiles.Open(Diffusers("text_encoder"));
        var text = ClipTextEncoderGraph.Build(
            Path.Combine(Diffusers("text_encoder"), "config.json"), textWeights, null, CancellationToken.None, ModelPrecision.Float16);

        // U-Net: 6 transformers (2 attentions, a group norm and 3 layer norms each), 12 resnets (2 group norms each) and
        // conv_norm_out. Text encoder: 2 layers (1 attention, 2 layer norms each) and final_layer_norm.
        foreach (var (graph, softmaxCount, normCount) in new[] { (unet, 6 * 2, (6 * 4) + (12 * 2) + 1), (text, 2, 5) })
        {
            var producer = graph.Nodes.ToDictionary(n => n.Outputs[0], StringComparer.Ordinal);
            bool IsFloat32Cast(string value) => producer.TryGetValue(value, out var node) && node.OpType == "Cast"
                && node.Attributes.Single(a => a.Name == "to").IntValue == (long)OnnxElementType.Float32;

            // softmax(MatMul(cast q, cast k) · scale [+ mask]): both MatMul inputs come from casts to float32.
            var softmaxes = graph.Nodes.Where(n => n.OpType == "Softmax").ToList();
            Assert.Equal(softmaxCount, softmaxes.Count);
            foreach (var softmax in softmaxes)
            {
                var scaled = producer[softmax.Inputs[0]];
                var product = producer[scaled.Inputs[0]];
                Assert.Equal("MatMul", product.OpType);
                Assert.All(product.Inputs, input => Assert.True(IsFloat32Cast(input), $"{product.Name} input {input} is not cast to float32."));
            }

            // LayerNormalization directly, InstanceNormalization (group norm) through a Reshape, on a float32 cast.
            var norms = graph.Nodes.Where(n => n.OpType is "LayerNormalization" or "InstanceNormalization").ToList();
            Assert.Equal(normCount, norms.Count);
            Assert.All(norms, norm => Assert.True(
                IsFloat32Cast(norm.OpType == "LayerNormalization" ? norm.Inputs[0] : producer[norm.Inputs[0]].Inputs[0]),
                $"{norm.Name} does not normalize in float32."));
            Assert.All(graph.Initializers.Where(t => t.Dims.Count >= 2 && t.Dims[0] > 1 && t.Dims[1] > 1 && !t.Name.StartsWith("const_", StringComparison.Ordinal)),
                t => Assert.Equal(OnnxElementType.Float16, t.ElementType));
        }
    }

    [SkippableFact]
    public void ConvertUNet_Float16_AttentionLogitsBeyondFloat16Range_StayFiniteAndMatchFloat32()
    {
        // Crafted cross-attention in down_blocks.0: norm2 weight 0 and bias 1 make every query input the ones vector,
        // to_q = to_k = 128·I, and the context is all ones, so every logit of both heads (head_dim 16) is
        // 128² · 16 = 262144 before the 1/√16 scale: four times float16's largest value, 65504. Pure float16 gives
        // inf - inf = NaN in the softmax; the fp32 island gives a uniform softmax, the same as float32.
        const float Gain = 128f;
        const int Width = 32;
        const int HeadDim = 16;
        Assert.True(Gain * Gain * HeadDim > 65504f);

        var source = Path.Combine(_scratch, "crafted");
        Directory.CreateDirectory(source);
        File.Copy(Path.Combine(Diffusers("unet"), "config.json"), Path.Combine(source, "config.json"));
        const string Block = "down_blocks.0.attentions.0.transformer_blocks.0";
        var crafted = new Dictionary<string, float[]>(StringComparer.Ordinal)
        {
            [Block + ".norm2.weight"] = new float[Width],
            [Block + ".norm2.bias"] = Enumerable.Repeat(1f, Width).ToArray(),
            [Block + ".attn2.to_q.weight"] = ScaledIdentity(Width, Gain),
            [Block + ".attn2.to_k.weight"] = ScaledIdentity(Width, Gain),
        };
        var builder = new SafetensorsBuilder();
        using (var weights = WeightFiles.Open(Path.Combine(Diffusers("unet"), "diffusion_pytorch_model.safetensors")))
        {
            foreach (var tensor in weights.Tensors)
            {
                builder.AddF32(tensor.Name, [.. tensor.Shape], crafted.GetValueOrDefault(tensor.Name) ?? weights.ReadFloat32(tensor.Name));
            }
        }

        builder.WriteTo(Path.Combine(source, "diffusion_pytorch_model.safetensors"));
        DiffusersToOnnxConverter.ConvertUNet(source, Path.Combine(_scratch, "fp32"));
        DiffusersToOnnxConverter.ConvertUNet(source, Path.Combine(_scratch, "fp16"), ModelPrecision.Float16);

        var sample = NpyArray.Load(ModelIo("unet.sample.npy"));
        long[] contextShape = [sample.Shape[0], 77, Width];
        var context = Enumerable.Repeat(1f, (int)(contextShape[0] * contextShape[1] * contextShape[2])).ToArray();
        var fp32 = RunUNet(Path.Combine(_scratch, "fp32", "model.onnx"), sample, 999f, context, contextShape);
        var fp16 = RunUNet(Path.Combine(_scratch, "fp16", "model.onnx"), sample, 999f, context, contextShape);

        Assert.All(fp16.Data, v => Assert.True(float.IsFinite(v)));
        AssertClose("crafted out_sample", fp32.Data, fp16.Data);
    }

    [SkippableFact]
    public void ConvertUNet_Float16_WeightBeyondFloat16Range_FailsNamingTheTensor()
    {
        var source = Path.Combine(_scratch, "huge");
        Directory.CreateDirectory(source);
        File.Copy(Path.Combine(Diffusers("unet"), "config.json"), Path.Combine(source, "config.json"));
        var builder = new SafetensorsBuilder();
        using (var weights = WeightFiles.Open(Path.Combine(Diffusers("unet"), "diffusion_pytorch_model.safetensors")))
        {
            foreach (var tensor in weights.Tensors)
            {
                var values = weights.ReadFloat32(tensor.Name);
                if (tensor.Name == "conv_in.bias")
                {
                    values[3] = 1e6f;
                }

                builder.AddF32(tensor.Name, [.. tensor.Shape], values);
            }
        }

        builder.WriteTo(Path.Combine(source, "diffusion_pytorch_model.safetensors"));
        var target = Path.Combine(_scratch, "out", "unet");

        var error = Assert.Throws<ModelConversionException>(() => DiffusersToOnnxConverter.ConvertUNet(source, target, ModelPrecision.Float16));

        Assert.Contains("conv_in.bias", error.Message, StringComparison.Ordinal);
        Assert.Contains("float16", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    private static float[] ScaledIdentity(int size, float gain)
    {
        var values = new float[size * size];
        for (var i = 0; i < size; i++)
        {
            values[(i * size) + i] = gain;
        }

        return values;
    }

    private static T Classify<T>(string componentFolder, Func<OnnxModelSignature, string, ICollection<ModelProblem>, T?> classify)
        where T : class
    {
        var file = Path.Combine(componentFolder, "model.onnx");
        var problems = new List<ModelProblem>();
        var io = classify(OnnxModelReader.Read(file), file, problems);
        Assert.True(io is not null, string.Join("; ", problems));
        return io;
    }

    private void AssertClose(string what, IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        var relative = RelativeMaxDifference(expected, actual);
        _output.WriteLine($"{what}: max |diff| / max |expected| = {relative:E2}");
        Assert.True(relative <= Tolerance, $"{what}: relative max difference {relative:E2} exceeds {Tolerance:E0}.");
    }
}
