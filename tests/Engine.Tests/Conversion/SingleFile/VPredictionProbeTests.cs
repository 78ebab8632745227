using Engine.Conversion.SingleFile;
using Engine.Onnx;
using Engine.Onnx.Writing;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion.SingleFile;

/// <summary>A1111's v-parameterization test on U-Net graphs whose output is known in closed form.</summary>
public sealed class VPredictionProbeTests : IDisposable
{
    private readonly string _scratch = NewScratch();

    public void Dispose() => DeleteScratch(_scratch);

    [Theory]
    [InlineData(0f, 0.0, false)] // returns its input: an epsilon model at t = 999
    [InlineData(-1.2f, -1.2, true)] // far below its input: a v model
    [InlineData(-1f, -1.0, false)] // A1111's test is strict: below -1
    public void Statistic_IsMeanOutputMinusInput_AtTimestep999WithHalfInputs(float shift, double expected, bool vPrediction)
    {
        // out = sample + shift · (timestep / 999) · mean(context) / 0.5: the shift appears only if timestep is 999 and
        // the context is 0.5 everywhere, as A1111 feeds them.
        var path = Path.Combine(_scratch, "unet.onnx");
        var b = new OnnxGraphBuilder("probe");
        b.AddInput("sample", OnnxElementType.Float32, "batch_size", 4, "height", "width");
        b.AddInput("timestep", OnnxElementType.Float32);
        b.AddInput("encoder_hidden_states", OnnxElementType.Float32, "batch_size", "sequence_length", 32);
        var context = b.Op("ReduceMean", ["encoder_hidden_states"], OnnxAttribute.Of("keepdims", 0L));
        var time = b.Op("Div", ["timestep", b.Scalar(999f)]);
        var offset = b.Op("Mul", [b.Op("Mul", [time, b.Scalar(shift / 0.5f)]), context]);
        b.AddNode("Add", ["sample", offset], ["out_sample"]);
        b.AddOutput("out_sample", OnnxElementType.Float32, "batch_size", 4, "height", "width");
        b.Save(path);

        var statistic = VPredictionProbe.Statistic(path, 4, 32);

        Assert.Equal(expected, statistic, 5);
        Assert.Equal(vPrediction, VPredictionProbe.IsVPrediction(statistic));
    }

    [SkippableFact]
    public void Statistic_Cancelled_StopsWithoutAResult()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => VPredictionProbe.Statistic(ConversionFixture.Exported("unet"), 4, 32, cancelled.Token));
    }
}
