using Engine.Onnx;

namespace Engine.Demo;

/// <summary>Choices for <see cref="DemoModelWriter.Write"/>.</summary>
public sealed record DemoModelOptions
{
    /// <summary>Epsilon (SD2-base-like) or v-prediction (SD2-768-like).</summary>
    public DemoPredictionType PredictionType { get; init; } = DemoPredictionType.Epsilon;

    /// <summary>U-Net <c>sample_size</c> in latent pixels: 64 (512 px) or 96 (768 px). Any size runs.</summary>
    public int SampleSize { get; init; } = 64;

    /// <summary>Standard deviation s of the latent data distribution N(mu(c), s² I).</summary>
    public double DataStd { get; init; } = 0.5;

    /// <summary>Element type of the text encoder's <c>input_ids</c>: Int32 (default) or Int64.</summary>
    public OnnxElementType InputIdsType { get; init; } = OnnxElementType.Int32;

    /// <summary>The VAE encoder outputs <c>latent_sample</c> [batch, 4, ...] instead of <c>latent_parameters</c>.</summary>
    public bool VaeEncoderOutputsLatentSample { get; init; }

    /// <summary>Float graph inputs and outputs are float16 (the maths inside stays float32).</summary>
    public bool Float16 { get; init; }
}
