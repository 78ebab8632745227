using Engine.Numerics;
using System.Diagnostics;
using System.Globalization;
using Engine.Imaging;
using Engine.Models;
using Engine.Schedulers;
using Engine.TextEncoding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engine.Pipelines;

/// <summary>
/// txt2img and img2img for one loaded model, in numbered stages as AUTOMATIC1111's <c>process_images_inner</c>
/// orders them: (1) validate, (2) resolve sampler and seeds, (3) encode the prompt schedules, (4) img2img: resize and
/// encode the init image once, (5) per batch: noise, sample, decode, infotext. Batches run one after another; each
/// batch is one U-Net batch of <see cref="GenerationRequest.BatchSize"/> images.
/// </summary>
public sealed class GenerationPipeline
{
    private readonly LoadedModel _model;
    private readonly PromptEncoder _prompts;
    private readonly ISamplerCatalog _samplers;
    private readonly INoiseSourceFactory _noise;
    private readonly GenerationPipelineOptions _options;
    private readonly ILogger _logger;

    public GenerationPipeline(
        LoadedModel model,
        PromptEncoder prompts,
        ISamplerCatalog samplers,
        INoiseSourceFactory noise,
        GenerationPipelineOptions? options = null,
        ILogger<GenerationPipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(samplers);
        ArgumentNullException.ThrowIfNull(noise);
        _model = model;
        _prompts = prompts;
        _samplers = samplers;
        _noise = noise;
        _options = options ?? new GenerationPipelineOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs the job on a worker thread.</summary>
    public Task<GenerationResult> RunAsync(
        GenerationRequest request, GenerationControl? control = null, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(request, control, progress, cancellationToken), cancellationToken);

    /// <summary>Runs the job on the calling thread.</summary>
    /// <exception cref="GenerationValidationException">The request is invalid; nothing ran.</exception>
    /// <exception cref="OperationCanceledException">The job's token was cancelled.</exception>
    public GenerationResult Run(
        GenerationRequest request, GenerationControl? control = null, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ownControl = control is null;
        control ??= new GenerationControl(cancellationToken);
        try
        {
            return RunCore(request, control, progress);
        }
        finally
        {
            if (ownControl)
            {
                control.Dispose();
            }
        }
    }

    private GenerationResult RunCore(GenerationRequest request, GenerationControl control, IProgress<GenerationProgress>? progress)
    {
        var clock = Stopwatch.StartNew();

        // 1. Validate before any session is touched.
        var descriptor = _model.Descriptor;
        request.EnsureValid(descriptor, _options.Limits);
        control.CancellationToken.ThrowIfCancellationRequested();
        var signatures = descriptor.Signatures!;
        var vae = descriptor.Vae!;

        // 2. Sampler and seeds.
        var sampler = _samplers.Resolve(request.SamplerName, request.ScheduleType, request.SamplerOptions);
        var (seeds, subseeds) = ResolveSeeds(request);
        var channels = vae.LatentChannels;
        var latentHeight = request.Height / vae.ScaleFactor;
        var latentWidth = request.Width / vae.ScaleFactor;
        var batch = request.BatchSize;

        // 3. Prompt schedules, over model calls (A1111 builds them for steps × the sampler's step multiplier).
        var scheduleSteps = request.Steps * Math.Max(1, sampler.StepMultiplier);
        var cond = _prompts.EncodeSchedule(request.Prompt, scheduleSteps, request.Emphasis);
        var uncond = _prompts.EncodeSchedule(request.NegativePrompt, scheduleSteps, request.Emphasis);
        control.CancellationToken.ThrowIfCancellationRequested();

        // 4. img2img: the init image, resized and encoded once for the job (A1111 does it in init()).
        TimeSpan encodeTime = default;
        float[]? initLatents = null;
        if (request.Mode == GenerationMode.ImageToImage)
        {
            (initLatents, encodeTime) = EncodeInitImage(request, seeds, subseeds, channels, latentHeight, latentWidth);
        }

        // 5. Batches.
        var images = new List<GeneratedImage>();
        var skipped = new List<int>();
        var state = new JobState(request, control, progress, clock, _options.PreviewUpscale, latentWidth, latentHeight, batch * channels * latentHeight * latentWidth);
        var decoder = new VaeDecoder(_model.VaeDecoder, signatures.VaeDecoder, vae.ScalingFactor);
        var samplingClock = new Stopwatch();
        var interrupted = false;
        using (var unet = _model.UNet.Acquire())
        using (var diffusion = new OnnxDiffusionModel(
                   unet.Session, signatures.UNet, descriptor.PredictionType ?? PredictionType.Epsilon, batch, channels, latentHeight, latentWidth,
                   cond, uncond, request.CfgScale, sampler.Guidance))
        {
            var latents = new float[state.LatentCount];
            var noiseBuffer = initLatents is null ? null : new float[state.LatentCount];
            for (var b = 0; b < request.BatchCount; b++)
            {
                if (control.IsInterrupted)
                {
                    interrupted = true;
                    break;
                }

                var token = control.BeginBatch();
                diffusion.ResetSteps();
                state.StartBatch(b);
                var batchSeeds = seeds.Skip(b * batch).Take(batch).ToArray();
                var batchSubseeds = subseeds.Skip(b * batch).Take(batch).ToArray();
                var noise = _noise.Create(NoiseRequestFor(request, sampler, batchSeeds, batchSubseeds, channels, latentHeight, latentWidth, NoisePurpose.Sampling));
                var sampling = new SamplingRequest
                {
                    Model = diffusion,
                    Scheduler = descriptor.Scheduler!,
                    Steps = request.Steps,
                    ScheduleType = sampler.ScheduleType,
                    Noise = noise,
                    Options = request.SamplerOptions,
                    DenoisingStrength = initLatents is null ? null : request.DenoisingStrength,
                    Img2ImgFixSteps = request.Img2ImgFixSteps,
                    OnStep = state.OnStep,
                    CancellationToken = token,
                };

                var partial = false;
                samplingClock.Start();
                try
                {
                    if (initLatents is null)
                    {
                        noise.Fill(latents);
                        sampler.Sampler.Sample(sampling, latents);
                    }
                    else
                    {
                        noise.Fill(noiseBuffer);
                        initLatents.CopyTo(latents, 0);
                        sampler.Sampler.SampleImg2Img(sampling, latents, noiseBuffer);
                    }
                }
                catch (OperationCanceledException) when (!control.CancellationToken.IsCancellationRequested && (control.IsInterrupted || control.TakeSkip()))
                {
                    if (!control.IsInterrupted)
                    {
                        skipped.Add(b);
                        continue;
                    }

                    // Interrupt: A1111 returns the sampler's last clean estimate (launch_sampling → last_latent).
                    interrupted = partial = true;
                    if (!state.HasDenoised)
                    {
                        break;
                    }

                    state.LastDenoised.CopyTo(latents, 0);
                }
                finally
                {
                    samplingClock.Stop();
                }

                var decoded = decoder.DecodeToImages(latents, batch, channels, latentHeight, latentWidth, _options.PixelConvention);
                for (var i = 0; i < batch; i++)
                {
                    var infotext = Infotext.Create(request, sampler, descriptor.Id, batchSeeds[i], batchSubseeds[i], _options.Version);
                    images.Add(new GeneratedImage(decoded[i], batchSeeds[i], batchSubseeds[i], infotext, b, partial));
                }

                if (partial)
                {
                    break;
                }
            }

            var ort = diffusion.RunTime + decoder.RunTime + encodeTime;
            var timings = new GenerationTimings(clock.Elapsed, ort, diffusion.RunTime, samplingClock.Elapsed, state.StepsDone);
            _logger.LogInformation(
                "Generated {Count} image(s) with {Model}: seed {Seed}, {Steps} steps, {Sampler}, {Width}x{Height}, {Elapsed} ms{Interrupted}",
                images.Count, descriptor.Id, seeds[0], request.Steps, sampler.Name, request.Width, request.Height,
                (long)clock.Elapsed.TotalMilliseconds, interrupted ? " (interrupted)" : "");
            return new GenerationResult(images, interrupted, skipped, timings);
        }
    }

    /// <summary>
    /// A1111's seeds (processing.py): −1 becomes a random seed; image i gets seed + i, or the same seed for all when a
    /// variation strength is set; variation seeds are subseed + i.
    /// </summary>
    internal static (long[] Seeds, long[] Subseeds) ResolveSeeds(GenerationRequest request)
    {
        var seeds = SeedResolver.ImageSeeds(SeedResolver.Resolve(request.Seed), request.ImageCount, request.SubseedStrength);
        var subseeds = SeedResolver.ImageSubseeds(SeedResolver.Resolve(request.Subseed), request.ImageCount);
        return (seeds, subseeds);
    }

    private static NoiseRequest NoiseRequestFor(
        GenerationRequest request, ResolvedSampler sampler, long[] seeds, long[] subseeds, int channels, int latentHeight, int latentWidth, NoisePurpose purpose) => new()
        {
            Seeds = seeds,
            Subseeds = subseeds,
            SubseedStrength = request.SubseedStrength,
            SeedResizeFromWidth = request.SeedResizeFromWidth,
            SeedResizeFromHeight = request.SeedResizeFromHeight,
            Channels = channels,
            LatentHeight = latentHeight,
            LatentWidth = latentWidth,
            Source = request.RngSource,
            EtaNoiseSeedDelta = request.EtaNoiseSeedDelta,
            UsesEtaNoiseSeedDelta = sampler.UsesEtaNoiseSeedDelta,
            Purpose = purpose,
        };

    private (float[] Latents, TimeSpan RunTime) EncodeInitImage(
        GenerationRequest request, long[] seeds, long[] subseeds, int channels, int latentHeight, int latentWidth)
    {
        var descriptor = _model.Descriptor;
        var session = _model.VaeEncoder ?? throw new InvalidOperationException($"Model '{descriptor.Id}' has no VAE encoder.");
        var resized = InitImageResizer.Resize(request.InitImage!, request.Width, request.Height, request.ResizeMode);
        var encoder = new VaeEncoder(session, descriptor.Signatures!.VaeEncoder!, descriptor.Vae!.ScalingFactor);
        var batch = request.BatchSize;
        var posterior = _noise.Create(new NoiseRequest
        {
            Seeds = seeds[..batch],
            Subseeds = subseeds[..batch],
            Channels = channels,
            LatentHeight = latentHeight,
            LatentWidth = latentWidth,
            Source = request.RngSource,
            Purpose = NoisePurpose.VaePosterior,
        });
        var (latents, encodedChannels) = encoder.Encode(Enumerable.Repeat(resized, batch).ToArray(), posterior);
        if (encodedChannels != channels)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The VAE encoder of '{descriptor.Id}' gives {encodedChannels} latent channels; the model expects {channels}."));
        }

        return (latents, encoder.RunTime);
    }

    /// <summary>Per-job bookkeeping for progress, previews and the interrupt fallback.</summary>
    private sealed class JobState(
        GenerationRequest request, GenerationControl control, IProgress<GenerationProgress>? progress, Stopwatch clock, int previewUpscale,
        int latentWidth, int latentHeight, int latentCount)
    {
        private int _batchIndex;
        private int _stepsPerBatch;

        public int LatentCount { get; } = latentCount;

        public float[] LastDenoised { get; } = new float[latentCount];

        public bool HasDenoised { get; private set; }

        public int StepsDone { get; private set; }

        public void StartBatch(int index)
        {
            _batchIndex = index;
            HasDenoised = false;
        }

        public void OnStep(in SamplerStep step)
        {
            if (step.Denoised.Length == LastDenoised.Length)
            {
                step.Denoised.CopyTo(LastDenoised);
                HasDenoised = true;
            }

            StepsDone++;
            if (progress is null)
            {
                return;
            }

            _stepsPerBatch = Math.Max(step.TotalSteps, 1);
            var total = _stepsPerBatch * request.BatchCount;
            var completed = Math.Min((_batchIndex * _stepsPerBatch) + step.Step + 1, total);
            var elapsed = clock.Elapsed;
            var rate = elapsed.TotalSeconds > 0 ? StepsDone / elapsed.TotalSeconds : 0;
            var eta = rate > 0 ? TimeSpan.FromSeconds((total - completed) / rate) : TimeSpan.Zero;
            RgbImage? preview = null;
            if (request.PreviewInterval > 0 && step.Step % request.PreviewInterval == 0 && HasDenoised && !control.IsInterrupted)
            {
                var perImage = LatentCount / request.BatchSize;
                preview = CheapLatentPreview.Render(step.Denoised[..perImage], latentWidth, latentHeight, previewUpscale);
            }

            progress.Report(new GenerationProgress
            {
                BatchIndex = _batchIndex,
                BatchCount = request.BatchCount,
                Step = step.Step + 1,
                StepsPerBatch = _stepsPerBatch,
                CompletedSteps = completed,
                TotalSteps = total,
                Elapsed = elapsed,
                Eta = eta,
                IterationsPerSecond = rate,
                Preview = preview,
            });
        }
    }
}
