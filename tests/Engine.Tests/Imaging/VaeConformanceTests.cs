using Engine.Imaging;
using Engine.Models;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.Tests.Support;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Imaging;

/// <summary>The VAE against the tiny-sd2 references (diffusers model_io, A1111 euler_eps decode).</summary>
public sealed class VaeConformanceTests
{
    [SkippableFact]
    public void Decode_ModelIoLatents_EqualsDiffusersSample()
    {
        var latents = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "model_io", "vae_decoder.latent_sample.npy"));
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "model_io", "vae_decoder.sample.npy"));
        using var loader = Loader();
        var model = loader.Load("tiny-sd2");
        // Scaling factor 1: model_io feeds the decoder directly.
        var decoder = new VaeDecoder(model.VaeDecoder, model.Descriptor.Signatures!.VaeDecoder, 1.0);
        var s = latents.Shape;

        var (images, width, height) = decoder.Decode(latents.AsFloats(), s[0], s[1], s[2], s[3]);

        Assert.Equal((expected.Shape[3], expected.Shape[2]), (width, height));
        AssertRelativeClose(expected.AsFloats(), images, 1e-4);
    }

    [SkippableFact]
    public void DecodeToImages_A1111FinalLatents_ReproducesImageNpyAndPng()
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps");
        var latents = NpyArray.Load(Path.Combine(folder, "final_latents.npy"));
        var expected = NpyArray.Load(Path.Combine(folder, "image.npy"));
        var png = TestPngDecoder.Decode(File.ReadAllBytes(Path.Combine(folder, "image.png")));
        using var loader = Loader();
        var model = loader.Load("tiny-sd2");
        var decoder = new VaeDecoder(model.VaeDecoder, model.Descriptor.Signatures!.VaeDecoder, model.Descriptor.Vae!.ScalingFactor);
        var s = latents.Shape;

        var (raw, width, height) = decoder.Decode(latents.AsFloats(), s[0], s[1], s[2], s[3]);
        var image = ImageTensors.ToRgbImage(raw, width, height);

        AssertRelativeClose(expected.AsFloats(), raw, 1e-4);
        Assert.Equal((png.Width, png.Height), (image.Width, image.Height));
        var worst = png.Pixels.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1, $"largest pixel difference {worst}");
    }

    [SkippableFact]
    public void Encode_ModelIoImage_MeanEqualsDiffusersLatentParameters()
    {
        var image = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "model_io", "vae_encoder.sample.npy"));
        var parameters = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "model_io", "vae_encoder.latent_parameters.npy"));
        using var loader = Loader();
        var model = loader.Load("tiny-sd2");
        var io = model.Descriptor.Signatures!.VaeEncoder!;
        Assert.Equal(Engine.Onnx.VaeEncoderOutputKind.LatentParameters, io.OutputKind);
        var encoder = new VaeEncoder(model.VaeEncoder!, io, 1.0);
        // The fixture image is float in [-1, 1]; the encoder takes 8-bit images, so compare through pixels only when exact.
        var values = image.AsFloats();
        var (h, w) = (image.Shape[2], image.Shape[3]);
        var rgb = new RgbImage(w, h);
        var exact = true;
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < h * w; i++)
            {
                var level = ((values[(c * h * w) + i] + 1f) / 2f) * 255f;
                rgb.Pixels[(3 * i) + c] = (byte)MathF.Round(level);
                exact &= MathF.Abs(level - MathF.Round(level)) < 1e-3f;
            }
        }

        Skip.IfNot(exact, "The reference encoder input is not on 8-bit levels.");
        var (latents, channels) = encoder.Encode([rgb], posteriorNoise: null);

        var mean = parameters.AsFloats()[..(channels * (h / 8) * (w / 8))];
        AssertRelativeClose(mean, latents, 1e-4);
    }

    internal static void AssertRelativeClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = 0.0;
        foreach (var v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        var allowed = relative * Math.Max(scale, 1e-6);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= allowed))
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]} (allowed {allowed}).");
            }
        }
    }

    internal static ModelLoader Loader()
    {
        var options = new EngineOptions { ModelsPath = Fixtures.Require() };
        return new ModelLoader(
            CatalogFactory.Create(options.ModelsPath), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());
    }
}
