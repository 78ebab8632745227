using Engine.Models;
using Engine.Onnx;
using Engine.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace Engine.Tests.Onnx;

public sealed class ModelSessionTests
{
    [SkippableTheory]
    [InlineData(1f, "unet.t1.out_sample.npy")]
    [InlineData(500.5f, "unet.t500_5.out_sample.npy")]
    [InlineData(999f, "unet.t999.out_sample.npy")]
    public void Acquire_TinyUNetOnCpu_MatchesReferenceOutput(float timestep, string expectedFile)
    {
        var io = Fixtures.Path_("reference", "tiny-sd2", "model_io");
        var sample = NpyArray.Load(Path.Combine(io, "unet.sample.npy"));
        var hidden = NpyArray.Load(Path.Combine(io, "unet.encoder_hidden_states.npy"));
        var expected = NpyArray.Load(Path.Combine(io, expectedFile));
        using var unet = new ModelSession(ModelComponent.UNet, Fixtures.Path_("tiny-sd2", "unet", "model.onnx"), SessionFactoryHelper.Cpu());

        float[] actual;
        using (var lease = unet.Acquire())
        {
            using var sampleValue = OrtValue.CreateTensorValueFromMemory(sample.AsFloats(), Array.ConvertAll(sample.Shape, d => (long)d));
            using var timestepValue = OrtValue.CreateTensorValueFromMemory(new[] { timestep }, []);
            using var hiddenValue = OrtValue.CreateTensorValueFromMemory(hidden.AsFloats(), Array.ConvertAll(hidden.Shape, d => (long)d));
            using var runOptions = new RunOptions();
            using var outputs = lease.Session.Run(
                runOptions,
                new Dictionary<string, OrtValue> { ["sample"] = sampleValue, ["timestep"] = timestepValue, ["encoder_hidden_states"] = hiddenValue },
                ["out_sample"]);
            Assert.Equal(expected.Shape.Select(d => (long)d), outputs[0].GetTensorTypeAndShape().Shape);
            actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }

        Assert.Equal(ExecutionProviderKind.Cpu, unet.Provider);
        var scale = expected.Values.Max(Math.Abs);
        var worst = expected.Values.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4 * scale, $"max |diff| {worst} exceeds 1e-4 × {scale}");
    }

    [SkippableFact]
    public void Acquire_Twice_CreatesSessionOnce()
    {
        using var session = TextEncoder(unloadAfterUse: false);

        using (var first = session.Acquire())
        using (var second = session.Acquire())
        {
            Assert.Same(first.Session, second.Session);
        }

        using (session.Acquire())
        {
        }

        Assert.True(session.IsLoaded);
        Assert.Equal(1, session.LoadCount);
    }

    [SkippableFact]
    public void Acquire_ConcurrentFirstUse_CreatesSessionOnce()
    {
        using var session = TextEncoder(unloadAfterUse: false);

        Parallel.For(0, 8, _ =>
        {
            using var lease = session.Acquire();
            Assert.NotNull(lease.Session);
        });

        Assert.Equal(1, session.LoadCount);
    }

    [SkippableFact]
    public void Release_UnloadAfterUse_DisposesAndReloadsOnNextUse()
    {
        using var session = TextEncoder(unloadAfterUse: true);

        using (session.Acquire())
        {
            Assert.True(session.IsLoaded);
        }

        Assert.False(session.IsLoaded);
        using (session.Acquire())
        {
        }

        Assert.Equal(2, session.LoadCount);
    }

    [SkippableFact]
    public void Unload_WhileLeased_WaitsForTheLease()
    {
        using var session = TextEncoder(unloadAfterUse: false);
        var lease = session.Acquire();

        session.Unload();
        Assert.True(session.IsLoaded);
        lease.Dispose();
        lease.Dispose();

        Assert.False(session.IsLoaded);
    }

    [SkippableFact]
    public void Acquire_AfterDispose_Throws()
    {
        var session = TextEncoder(unloadAfterUse: false);
        using (session.Acquire())
        {
        }

        session.Dispose();

        Assert.False(session.IsLoaded);
        Assert.Throws<ObjectDisposedException>(() => session.Acquire());
    }

    private static ModelSession TextEncoder(bool unloadAfterUse) =>
        new(ModelComponent.TextEncoder, Fixtures.Path_("tiny-sd2", "text_encoder", "model.onnx"), SessionFactoryHelper.Cpu(), unloadAfterUse);
}
