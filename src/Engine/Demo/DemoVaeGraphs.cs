using Engine.Onnx.Writing;

namespace Engine.Demo;

/// <summary>The demo's linear VAE: a per-pixel colour map with 8x nearest upsampling, and its pseudo-inverse.</summary>
internal static class DemoVaeGraphs
{
    /// <summary>latent_sample [b, 4, h, w] → sample [b, 3, 8h, 8w] with D = scaling_factor · Mᵀ.</summary>
    public static OnnxGraphBuilder BuildDecoder(DemoModelOptions options)
    {
        var g = new OnnxGraphBuilder("demo_vae_decoder");
        var latent = DemoGraphIo.FloatInput(g, options.Float16, "latent_sample", "batch_size", 4, "latent_height", "latent_width");
        var weights = new float[3 * 4];
        for (var c = 0; c < 3; c++)
        {
            for (var l = 0; l < 4; l++)
            {
                weights[(c * 4) + l] = (float)(DemoModelMath.ScalingFactor * DemoModelMath.CheapPreviewMatrix[l][c]);
            }
        }

        var colors = g.Op("Conv", [latent, g.Constant(weights, 3, 4, 1, 1)], OnnxAttribute.Of("kernel_shape", 1L, 1L));
        var image = g.Op("Resize", [colors, string.Empty, g.Constant([1f, 1f, 8f, 8f], 4)],
            OnnxAttribute.Of("mode", "nearest"),
            OnnxAttribute.Of("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.Of("nearest_mode", "floor"));
        DemoGraphIo.FloatOutput(g, options.Float16, "sample", image, "batch_size", 3, "latent_height * 8", "latent_width * 8");
        return g;
    }

    /// <summary>sample [b, 3, H, W] → 8x8 average → mean latents (and constant log-variance channels).</summary>
    public static OnnxGraphBuilder BuildEncoder(DemoModelOptions options)
    {
        var g = new OnnxGraphBuilder("demo_vae_encoder");
        var image = DemoGraphIo.FloatInput(g, options.Float16, "sample", "batch_size", 3, "sample_height", "sample_width");
        var pooled = g.Op("AveragePool", [image], OnnxAttribute.Of("kernel_shape", 8L, 8L), OnnxAttribute.Of("strides", 8L, 8L));
        var channels = options.VaeEncoderOutputsLatentSample ? 4 : 8;
        var weights = new float[channels * 3];
        var bias = new float[channels];
        for (var l = 0; l < 4; l++)
        {
            for (var c = 0; c < 3; c++)
            {
                weights[(l * 3) + c] = (float)(DemoModelMath.RgbToLatent[l, c] / DemoModelMath.ScalingFactor);
            }
        }

        for (var l = 4; l < channels; l++)
        {
            bias[l] = DemoModelMath.EncoderLogVariance;
        }

        var latent = g.Op("Conv", [pooled, g.Constant(weights, channels, 3, 1, 1), g.Constant(bias, channels)],
            OnnxAttribute.Of("kernel_shape", 1L, 1L));
        var name = options.VaeEncoderOutputsLatentSample ? "latent_sample" : "latent_parameters";
        DemoGraphIo.FloatOutput(g, options.Float16, name, latent, "batch_size", channels, "sample_height / 8", "sample_width / 8");
        return g;
    }
}
