using Engine.Demo;
using Engine.Imaging;
using Engine.Pipelines;
using Engine.Schedulers;

namespace Engine.Tests.Pipelines;

/// <summary>The whole pipeline on the analytic demo model through ONNX Runtime, against its closed-form answers.</summary>
public sealed class GenerationPipelineDemoTests(DemoPipelineFixture demo) : IClassFixture<DemoPipelineFixture>
{
    private const int Size = 64;
    private const int Latent = Size / 8;
    private const int PerImage = 4 * Latent * Latent;

    [Fact]
    public void Run_RedCircleBlueBackground_MatchesOracleAndProbabilityFlowSolution()
    {
        var sampler = new TestEulerSampler();
        var request = Request("red circle, blue background", cfg: 3, steps: 30, seed: 42);

        var result = demo.Pipeline(sampler).Run(request);

        var muG = DemoModelMath.GuidedMu(demo.Mu("", Latent, Latent), demo.Mu("red circle, blue background", Latent, Latent), 3);
        var noise = Noise(42);
        AssertClose(OracleTxt2Img(muG, noise, 30), sampler.LastResult!, 2e-4);
        var sigmas = TestEulerSampler.FullSigmas(demo.Model.Descriptor.Scheduler!, 30);
        var start = Array.ConvertAll(noise, v => (double)(v * sigmas[0]));
        AssertOnGaussianSolution(start, sigmas, muG, sampler.LastResult!);
        var image = Assert.Single(result.Images).Image;
        AssertRegionColour(image, Size / 2, Size / 2, Mean(muG, Latent / 2, Latent / 2));
        AssertRegionColour(image, 2, 2, Mean(muG, 0, 0));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(7.0)]
    public void Run_CfgScale_EqualsModelWithGuidedMean(double cfg)
    {
        var sampler = new TestEulerSampler();

        demo.Pipeline(sampler).Run(Request("green square", negative: "red", cfg: cfg, steps: 12, seed: 7));

        var muG = DemoModelMath.GuidedMu(demo.Mu("red", Latent, Latent), demo.Mu("green square", Latent, Latent), cfg);
        AssertClose(OracleTxt2Img(muG, Noise(7), 12), sampler.LastResult!, 2e-4 * Math.Max(1, cfg));
    }

    [Fact]
    public void Run_LongPromptShortNegative_TwoUNetRunsPerCallSameAnswer()
    {
        var sampler = new TestEulerSampler();
        var prompt = string.Join(", ", Enumerable.Repeat("red circle", 30)) + ", blue background";
        Assert.Equal(154, demo.Prompts.Encode(prompt).TokenCount);

        var result = demo.Pipeline(sampler).Run(Request(prompt, cfg: 2, steps: 8, seed: 3));

        var muG = DemoModelMath.GuidedMu(demo.Mu("", Latent, Latent), demo.Mu(prompt, Latent, Latent), 2);
        AssertClose(OracleTxt2Img(muG, Noise(3), 8), sampler.LastResult!, 5e-4);
        Assert.Single(result.Images);
    }

    [Fact]
    public void Run_Img2ImgFlatColour_MatchesOracleAndClosedForm()
    {
        var sampler = new TestEulerSampler();
        var init = RgbImage.Filled(Size, Size, 200, 60, 40);
        var request = Request("blue", cfg: 2, steps: 20, seed: 11) with
        {
            Mode = GenerationMode.ImageToImage,
            InitImage = init,
            DenoisingStrength = 0.5,
        };

        var result = demo.Pipeline(sampler).Run(request);

        var pixels = new float[3 * Size * Size];
        ImageTensors.FromRgbImage(init, pixels);
        var encoded = Array.ConvertAll(DemoModelMath.EncodeMean(pixels, Size, Size), v => (float)(v * DemoModelMath.ScalingFactor));
        var muG = DemoModelMath.GuidedMu(demo.Mu("", Latent, Latent), demo.Mu("blue", Latent, Latent), 2);
        var noise = Noise(11);
        var samplingRequest = OracleRequest(muG, 20) with { DenoisingStrength = 0.5 };
        var oracle = (float[])encoded.Clone();
        var oracleSampler = new TestEulerSampler();
        oracleSampler.SampleImg2Img(samplingRequest, oracle, noise);
        AssertClose(oracleSampler.LastResult!, sampler.LastResult!, 2e-4);
        var sigmas = TestEulerSampler.Sigmas(samplingRequest);
        var start = encoded.Select((v, i) => (double)(v + (noise[i] * sigmas[0]))).ToArray();
        AssertOnGaussianSolution(start, sigmas, muG, sampler.LastResult!);
        Assert.Contains("Denoising strength: 0.5", result.Images[0].Infotext, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BatchOfTwo_EqualsTwoSingleRunsWithSeedAndSeedPlusOne()
    {
        var batched = demo.Pipeline(new TestEulerSampler()).Run(Request("red circle", steps: 6, seed: 500) with { BatchSize = 2 });
        var first = demo.Pipeline(new TestEulerSampler()).Run(Request("red circle", steps: 6, seed: 500));
        var second = demo.Pipeline(new TestEulerSampler()).Run(Request("red circle", steps: 6, seed: 501));

        Assert.Equal([500L, 501L], batched.Images.Select(i => i.Seed));
        AssertPixelsClose(first.Images[0].Image, batched.Images[0].Image);
        AssertPixelsClose(second.Images[0].Image, batched.Images[1].Image);
        Assert.NotEqual(first.Images[0].Image.Pixels, second.Images[0].Image.Pixels);
    }

    [Fact]
    public void Run_InterruptMidBatch_ReturnsFinishedBatchesAndPartialCurrent()
    {
        using var control = new GenerationControl();
        var progress = new InlineProgress(p =>
        {
            if (p.BatchIndex == 1 && p.Step == 3)
            {
                control.Interrupt();
            }
        });

        var result = demo.Pipeline(new TestEulerSampler()).Run(Request("red", steps: 10, seed: 1) with { BatchCount = 3 }, control, progress);

        Assert.True(result.Interrupted);
        Assert.Equal([false, true], result.Images.Select(i => i.IsPartial));
        Assert.Equal([1L, 2L], result.Images.Select(i => i.Seed));
        Assert.Equal(13, progress.Reports.Count);
        Assert.Equal(13, result.Timings.SamplingSteps);
    }

    [Fact]
    public void Run_SkipSecondBatch_DropsItAndContinues()
    {
        using var control = new GenerationControl();
        var progress = new InlineProgress(p =>
        {
            if (p.BatchIndex == 1 && p.Step == 2)
            {
                control.Skip();
            }
        });

        var result = demo.Pipeline(new TestEulerSampler()).Run(Request("red", steps: 5, seed: 10) with { BatchCount = 3 }, control, progress);

        Assert.False(result.Interrupted);
        Assert.Equal([1], result.SkippedBatches);
        Assert.Equal([10L, 12L], result.Images.Select(i => i.Seed));
        Assert.All(result.Images, i => Assert.False(i.IsPartial));
    }

    [Fact]
    public void Run_ModelFailsMidRun_ThrowsAndLeavesNoSessionLeased()
    {
        var pipeline = demo.Pipeline(new TestEulerSampler { FailAtCall = 2 });

        Assert.Throws<InvalidOperationException>(() => pipeline.Run(Request("red", steps: 5, seed: 1)));

        foreach (var session in new[] { demo.Model.UNet, demo.Model.TextEncoder, demo.Model.VaeDecoder })
        {
            session.Unload();
            Assert.False(session.IsLoaded, $"{session.Component} is still leased");
        }
    }

    [Fact]
    public void Run_CancelledBeforeStart_ThrowsWithoutRunningAnything()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        demo.Model.UNet.Unload();
        var loads = demo.Model.UNet.LoadCount;

        Assert.ThrowsAny<OperationCanceledException>(() => demo.Pipeline(new TestEulerSampler()).Run(Request("red"), cancellationToken: source.Token));

        Assert.Equal(loads, demo.Model.UNet.LoadCount);
    }

    [Fact]
    public void Run_InvalidRequest_ThrowsBeforeAnySessionLoads()
    {
        demo.Model.UnloadAll();
        var loads = (demo.Model.UNet.LoadCount, demo.Model.TextEncoder.LoadCount);

        var error = Assert.Throws<GenerationValidationException>(() => demo.Pipeline(new TestEulerSampler()).Run(Request("red") with { Steps = 0 }));

        Assert.Equal("Steps", error.ParamName);
        Assert.Equal(loads, (demo.Model.UNet.LoadCount, demo.Model.TextEncoder.LoadCount));
    }

    [Fact]
    public void Run_Progress_EveryStepWithPreviewsAtTheInterval()
    {
        var progress = new InlineProgress();

        demo.Pipeline(new TestEulerSampler()).Run(Request("red circle", steps: 6, seed: 2) with { BatchCount = 2, PreviewInterval = 3 }, progress: progress);

        Assert.Equal(12, progress.Reports.Count);
        Assert.Equal(Enumerable.Range(1, 12), progress.Reports.Select(r => r.CompletedSteps));
        Assert.All(progress.Reports, r => Assert.Equal(12, r.TotalSteps));
        Assert.Equal([true, false, false, true, false, false, true, false, false, true, false, false], progress.Reports.Select(r => r.Preview is not null));
        Assert.Equal((Latent, Latent), (progress.Reports[0].Preview!.Width, progress.Reports[0].Preview!.Height));
    }

    private static GenerationRequest Request(string prompt, string negative = "", double cfg = 7, int steps = 10, long seed = 1) => new()
    {
        Prompt = prompt,
        NegativePrompt = negative,
        CfgScale = cfg,
        Steps = steps,
        Seed = seed,
        Width = Size,
        Height = Size,
    };

    private static float[] Noise(long seed)
    {
        var noise = new float[PerImage];
        new SeededGaussianNoiseSource([seed]).Fill(noise);
        return noise;
    }

    private SamplingRequest OracleRequest(double[] muG, int steps) => new()
    {
        Model = new DemoOracleModel(muG, demo.DataStd),
        Scheduler = demo.Model.Descriptor.Scheduler!,
        Steps = steps,
        Noise = new SeededGaussianNoiseSource([0]),
    };

    private float[] OracleTxt2Img(double[] muG, float[] noise, int steps)
    {
        var latents = (float[])noise.Clone();
        new TestEulerSampler().Sample(OracleRequest(muG, steps), latents);
        return latents;
    }

    private static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double tolerance) =>
        AssertClose(expected.Select(v => (double)v).ToArray(), actual, tolerance);

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"largest difference {worst} > {tolerance}");
    }

    /// <summary>
    /// For Gaussian data both the exact ODE and Euler keep x − mu along the same direction: the exact solution scales
    /// it by sqrt(s² + σ_end²) / sqrt(s² + σ_start²) (DemoModelMath.ProbabilityFlowSolutionSigma), Euler by
    /// Π (1 + σ_i (σ_i+1 − σ_i) / (s² + σ_i²)). The result must be the latter to float precision, and that factor must
    /// approach the exact one (first order).
    /// </summary>
    private void AssertOnGaussianSolution(double[] start, float[] sigmas, double[] mu, float[] actual)
    {
        var s2 = demo.DataStd * demo.DataStd;
        var euler = 1.0;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            euler *= 1 + (sigmas[i] * (double)(sigmas[i + 1] - sigmas[i]) / (s2 + ((double)sigmas[i] * sigmas[i])));
        }

        var exact = DemoModelMath.ProbabilityFlowSolutionSigma(start, sigmas[0], mu, 0, demo.DataStd);
        var exactRatio = Math.Sqrt(s2) / Math.Sqrt(s2 + ((double)sigmas[0] * sigmas[0]));
        Assert.InRange(euler / exactRatio, 0.85, 1.0);
        var eulerSolution = mu.Select((m, i) => m + (euler / exactRatio * (exact[i] - m))).ToArray();
        AssertClose(eulerSolution, actual, 1e-3);
    }

    private static double[] Mean(double[] mu, int y, int x) =>
        Enumerable.Range(0, 4).Select(c => mu[(((c * Latent) + y) * Latent) + x]).ToArray();

    // The decoded colour of a 4x4-latent patch averages out the data noise (std 0.5 per latent): compare loosely.
    private static void AssertRegionColour(RgbImage image, int cx, int cy, double[] latent)
    {
        var rgb = DemoModelMath.RgbForLatent(latent);
        for (var c = 0; c < 3; c++)
        {
            var expected = 255 * Math.Clamp((rgb[c] + 1) / 2, 0, 1);
            var sum = 0.0;
            var count = 0;
            for (var y = Math.Max(cy - 8, 0); y < Math.Min(cy + 8, image.Height); y++)
            {
                for (var x = Math.Max(cx - 8, 0); x < Math.Min(cx + 8, image.Width); x++)
                {
                    sum += image.Pixels[(3 * ((y * image.Width) + x)) + c];
                    count++;
                }
            }

            Assert.InRange(sum / count, expected - 60, expected + 60);
        }
    }

    private static void AssertPixelsClose(RgbImage expected, RgbImage actual)
    {
        var worst = expected.Pixels.Zip(actual.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1, $"largest pixel difference {worst}");
    }
}
