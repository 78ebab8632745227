using System.Globalization;
using System.Text.Json;
using Engine.Imaging;
using Engine.Models;
using Engine.Pipelines;
using Engine.Schedulers;
using WebUi.Services;

namespace WebUi.Api;

/// <summary>
/// Maps A1111's txt2img/img2img fields onto the engine's <see cref="GenerationRequest"/> with the API's defaults, the
/// options (and <c>override_settings</c>) a job runs with, and the job's gallery and model choice. Every problem is
/// collected and reported at once as a 422 naming A1111's field; features this engine lacks (hires fix, face
/// restoration, tiling, scripts, inpainting masks, clip skip) are refused by name rather than silently ignored.
/// </summary>
public static class ApiRequestMapper
{
    private static readonly Dictionary<string, string> s_fieldNames = new(StringComparer.Ordinal)
    {
        [nameof(GenerationRequest.Prompt)] = "prompt",
        [nameof(GenerationRequest.NegativePrompt)] = "negative_prompt",
        [nameof(GenerationRequest.SamplerName)] = "sampler_name",
        [nameof(GenerationRequest.ScheduleType)] = "scheduler",
        [nameof(GenerationRequest.Steps)] = "steps",
        [nameof(GenerationRequest.CfgScale)] = "cfg_scale",
        [nameof(GenerationRequest.Width)] = "width",
        [nameof(GenerationRequest.Height)] = "height",
        ["Size"] = "width",
        [nameof(GenerationRequest.Seed)] = "seed",
        [nameof(GenerationRequest.Subseed)] = "subseed",
        [nameof(GenerationRequest.SubseedStrength)] = "subseed_strength",
        [nameof(GenerationRequest.SeedResizeFromWidth)] = "seed_resize_from_w",
        [nameof(GenerationRequest.SeedResizeFromHeight)] = "seed_resize_from_h",
        [nameof(GenerationRequest.BatchSize)] = "batch_size",
        [nameof(GenerationRequest.BatchCount)] = "n_iter",
        [nameof(GenerationRequest.DenoisingStrength)] = "denoising_strength",
        [nameof(GenerationRequest.InitImage)] = "init_images[0]",
        [nameof(GenerationRequest.ResizeMode)] = "resize_mode",
        [nameof(GenerationRequest.EtaNoiseSeedDelta)] = "override_settings.eta_noise_seed_delta",
        [nameof(GenerationRequest.RngSource)] = "override_settings.randn_source",
        [nameof(GenerationRequest.Emphasis)] = "override_settings.emphasis",
        [nameof(GenerationRequest.PreviewInterval)] = "preview_every_n_steps",
        [nameof(GenerationRequest.Mode)] = ApiOptionsStore.ModelKey,
        ["Model"] = ApiOptionsStore.ModelKey,
    };

    /// <summary>
    /// The job for <paramref name="body"/>, given the API's <paramref name="options"/>, the models known and the model in use.
    /// </summary>
    /// <exception cref="ApiException">422 naming each bad field; 404 "Init image not found"; 503 when no model can run.</exception>
    public static ApiJobPlan Map(GenerationApiRequest body, ApiSettings options, IReadOnlyList<ModelDescriptor> models, ModelDescriptor? current)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(models);
        var errors = new List<ApiFieldError>();
        void Fail(string field, string message) => errors.Add(new ApiFieldError(field, message));

        var settings = body.OverrideSettings is { Count: > 0 } overrides
            ? ApiOptionsStore.Apply(options, overrides, "override_settings.", errors)
            : options;

        RefuseUnsupported(body, Fail);

        var model = current;
        if (settings.ModelCheckpoint is { } checkpoint)
        {
            model = ApiModelResolver.Find(models, checkpoint);
            if (model is null)
            {
                Fail("override_settings." + ApiOptionsStore.ModelKey, ApiModelResolver.NotFoundMessage(models, checkpoint));
            }
        }
        else if (model is null)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "HTTPException", "No model is loaded; install a model or check the models folder.");
        }

        var samplerOptions = SamplerOptionsFor(body, settings, Fail);
        var mode = body is Img2ImgApiRequest ? GenerationMode.ImageToImage : GenerationMode.TextToImage;
        var request = new GenerationRequest
        {
            Mode = mode,
            Prompt = body.Prompt ?? "",
            NegativePrompt = body.NegativePrompt ?? "",
            SamplerName = SamplerNameFor(body),
            ScheduleType = ScheduleTypeNames.TryParse(body.Scheduler, out var schedule) ? schedule : ScheduleType.Automatic,
            Steps = body.Steps ?? 50,
            CfgScale = body.CfgScale ?? 7.0,
            Width = body.Width ?? 512,
            Height = body.Height ?? 512,
            Seed = body.Seed ?? -1,
            Subseed = body.Subseed ?? -1,
            SubseedStrength = body.SubseedStrength ?? 0,
            SeedResizeFromWidth = body.SeedResizeFromW ?? -1,
            SeedResizeFromHeight = body.SeedResizeFromH ?? -1,
            BatchSize = body.BatchSize ?? 1,
            BatchCount = body.NIter ?? 1,
            DenoisingStrength = body.DenoisingStrength ?? 0.75,
            RngSource = settings.RandnSource,
            EtaNoiseSeedDelta = settings.EtaNoiseSeedDelta,
            Emphasis = settings.Emphasis,
            Img2ImgFixSteps = settings.Img2ImgFixSteps,
            PreviewInterval = body.JobPreviewInterval
                ?? (settings.LivePreviewsEnable && settings.ShowProgressEveryNSteps > 0 ? settings.ShowProgressEveryNSteps : 0),
            SamplerOptions = samplerOptions,
        };

        if (body is Img2ImgApiRequest img2img)
        {
            request = WithInitImage(request, img2img, Fail);
        }

        if (model is not null)
        {
            var alreadyWrong = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
            foreach (var problem in request.Validate(model))
            {
                // A field already reported (an init image that did not decode) is not reported again as missing.
                var field = s_fieldNames.GetValueOrDefault(problem.Field, problem.Field);
                if (!alreadyWrong.Contains(field))
                {
                    Fail(field, problem.Message);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var jobOptions = new GenerationJobOptions
        {
            SaveToGallery = body.SaveImages ?? body.SavesImagesByDefault,
            ModelId = settings.ModelCheckpoint is null ? null : model!.Id,
            RestoreModelAfterwards = body.OverrideSettingsRestoreAfterwards ?? true,
        };
        return new ApiJobPlan(request, jobOptions, settings, model!, body.SendImages ?? true);
    }

    /// <summary>A1111: <c>sampler_name or sampler_index</c>; neither given falls back to the first sampler, as A1111's lookup does.</summary>
    internal static string SamplerNameFor(GenerationApiRequest body)
    {
        if (!string.IsNullOrEmpty(body.SamplerName))
        {
            return body.SamplerName;
        }

        return string.IsNullOrEmpty(body.SamplerIndex) ? SamplerRegistry.Default.All[0].Name : body.SamplerIndex;
    }

    private static SamplerOptions SamplerOptionsFor(GenerationApiRequest body, ApiSettings settings, Action<string, string> fail)
    {
        double Checked(string field, double? requested, double fallback, double min, double max)
        {
            if (requested is not { } value)
            {
                return fallback;
            }

            if (value < min || value > max)
            {
                fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be from {min} to {max}, not {value}."));
                return fallback;
            }

            return value;
        }

        var eta = Checked("eta", body.Eta, double.NaN, 0, 10);
        var sTmax = Checked("s_tmax", body.STmax, settings.STmax, 0, 1000);
        return SamplerOptions.Default with
        {
            EtaAncestral = double.IsNaN(eta) ? settings.EtaAncestral : eta,
            EtaDdim = double.IsNaN(eta) ? settings.EtaDdim : eta,
            SChurn = Checked("s_churn", body.SChurn, settings.SChurn, 0, 100),
            STmin = Checked("s_tmin", body.STmin, settings.STmin, 0, 1000),
            // A1111: s_tmax 0 (its default) means no upper bound.
            STmax = sTmax == 0 ? double.PositiveInfinity : sTmax,
            SNoise = Checked("s_noise", body.SNoise, settings.SNoise, 0, 10),
            DiscardNextToLastSigma = settings.AlwaysDiscardNextToLastSigma,
        };
    }

    private static GenerationRequest WithInitImage(GenerationRequest request, Img2ImgApiRequest body, Action<string, string> fail)
    {
        if (body.InitImages is not { Count: > 0 } images)
        {
            throw ApiException.NotFound("Init image not found");
        }

        if (images.Count > 1)
        {
            fail("init_images", $"Only one init image is supported; {images.Count} were sent.");
        }

        ResizeMode resize = ResizeMode.JustResize;
        switch (body.ResizeMode ?? 0)
        {
            case 0:
                break;
            case 1:
                resize = ResizeMode.CropAndResize;
                break;
            case 2:
                resize = ResizeMode.ResizeAndFill;
                break;
            case 3:
                fail("resize_mode", "Resize mode 3 (Just resize, latent upscale) is not supported; use 0, 1 or 2.");
                break;
            default:
                fail("resize_mode", $"Must be 0 (Just resize), 1 (Crop and resize) or 2 (Resize and fill), not {body.ResizeMode}.");
                break;
        }

        RgbImage? init = null;
        try
        {
            init = ApiImages.Decode(images[0], "init_images[0]");
        }
        catch (ApiException ex) when (ex.FieldErrors.Count > 0)
        {
            foreach (var error in ex.FieldErrors)
            {
                fail(error.Field, error.Message);
            }
        }

        return request with { InitImage = init, ResizeMode = resize };
    }

    private static void RefuseUnsupported(GenerationApiRequest body, Action<string, string> fail)
    {
        if (body.RestoreFaces == true)
        {
            fail("restore_faces", "Face restoration is not available in this app.");
        }

        if (body.Tiling == true)
        {
            fail("tiling", "Tiling is not available in this app.");
        }

        if (!string.IsNullOrEmpty(body.ScriptName))
        {
            fail("script_name", $"Script '{body.ScriptName}' not found (this app has no scripts).");
        }

        if (body.AlwaysonScripts is { ValueKind: JsonValueKind.Object } scripts && scripts.EnumerateObject().Any())
        {
            fail("alwayson_scripts", $"always on script {scripts.EnumerateObject().First().Name} not found (this app has no scripts).");
        }

        if (!string.IsNullOrEmpty(body.RefinerCheckpoint) && !string.Equals(body.RefinerCheckpoint, "None", StringComparison.Ordinal))
        {
            fail("refiner_checkpoint", "A refiner is not available in this app.");
        }

        if (!string.IsNullOrEmpty(body.FirstpassImage))
        {
            fail("firstpass_image", "Hires. fix from a first-pass image is not available in this app.");
        }

        if (!string.IsNullOrEmpty(body.Infotext))
        {
            fail("infotext", "Filling fields from an infotext is not supported; send the fields themselves.");
        }

        if (body.SMinUncond is { } minUncond && minUncond != 0)
        {
            fail("s_min_uncond", "Negative guidance minimum sigma is not available in this app; send 0 or leave it out.");
        }

        switch (body)
        {
            case Txt2ImgApiRequest { EnableHr: true }:
                fail("enable_hr", "Hires. fix is not available in this app.");
                break;
            case Img2ImgApiRequest img2img:
                if (!string.IsNullOrEmpty(img2img.Mask))
                {
                    fail("mask", "Inpainting (a mask) is not available in this app.");
                }

                if (img2img.InitialNoiseMultiplier is { } multiplier && multiplier != 1)
                {
                    fail("initial_noise_multiplier", "Only 1 is supported.");
                }

                break;
        }
    }
}
