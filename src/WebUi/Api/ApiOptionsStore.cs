using System.Globalization;
using System.Text.Json;
using Engine.Numerics;
using Engine.TextEncoding;

namespace WebUi.Api;

/// <summary>
/// The API's options (A1111's <c>shared.opts</c> as <c>/sdapi/v1/options</c> shows them), kept in memory: the keys of
/// <see cref="ApiSettings"/> can be read and written, <c>sd_model_checkpoint</c> reflects and switches the model in use,
/// and a few fixed keys say how this app behaves. Unknown keys are ignored, as A1111 ignores options it does not have.
/// The UI's own settings are separate.
/// </summary>
public sealed class ApiOptionsStore
{
    /// <summary>The option that names the model.</summary>
    public const string ModelKey = "sd_model_checkpoint";

    private readonly Lock _lock = new();
    private ApiSettings _current = new();

    /// <summary>The options every API job starts from.</summary>
    public ApiSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Makes <paramref name="settings"/> the options every API job starts from (its model key is not kept).</summary>
    public void Set(ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_lock)
        {
            _current = settings with { ModelCheckpoint = null };
        }
    }

    /// <summary>
    /// <paramref name="baseSettings"/> with <paramref name="values"/> applied; each bad value adds an error naming
    /// <paramref name="fieldPrefix"/> + key. Unknown keys are skipped.
    /// </summary>
    public static ApiSettings Apply(
        ApiSettings baseSettings, IReadOnlyDictionary<string, JsonElement> values, string fieldPrefix, List<ApiFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(baseSettings);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var s = baseSettings;
        foreach (var (key, value) in values)
        {
            var field = fieldPrefix + key;
            T? Read<T>()
            {
                try
                {
                    return value.Deserialize<T>(ApiJson.Input);
                }
                catch (JsonException ex)
                {
                    errors.Add(new ApiFieldError(field, ex.Message.Split(" Path: ")[0]));
                    return default;
                }
            }

            bool Fail(string message)
            {
                errors.Add(new ApiFieldError(field, message));
                return false;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (key)
            {
                case ModelKey:
                    var checkpoint = Read<string>();
                    if (string.IsNullOrWhiteSpace(checkpoint))
                    {
                        Fail("Must name a model (its title or name from /sdapi/v1/sd-models).");
                    }
                    else
                    {
                        s = s with { ModelCheckpoint = checkpoint };
                    }

                    break;
                case "CLIP_stop_at_last_layers":
                    var clipSkip = Read<int?>();
                    if (clipSkip is { } layers && (layers < 1 || layers > 12))
                    {
                        Fail($"Must be from 1 to 12, not {layers}.");
                    }
                    else if (clipSkip is > 1)
                    {
                        Fail("Clip skip is not supported by this engine; only 1 (the last layer) is accepted.");
                    }

                    break;
                case "eta_noise_seed_delta":
                    if (Read<long?>() is { } ensd)
                    {
                        if (ensd >= 0)
                        {
                            s = s with { EtaNoiseSeedDelta = ensd };
                        }
                        else
                        {
                            Fail($"Must be 0 or more, not {ensd}.");
                        }
                    }

                    break;
                case "randn_source":
                    if (Read<string>() is { } source)
                    {
                        RandomSource? parsed = source.ToUpperInvariant() switch
                        {
                            "GPU" => RandomSource.Gpu,
                            "CPU" => RandomSource.Cpu,
                            "NV" => RandomSource.Nv,
                            _ => null,
                        };
                        if (parsed is { } rng)
                        {
                            s = s with { RandnSource = rng };
                        }
                        else
                        {
                            Fail($"Must be GPU, CPU or NV, not '{source}'.");
                        }
                    }

                    break;
                case "eta_ancestral":
                    s = Number(s, Read<double?>(), 0, 10, v => s with { EtaAncestral = v }, Fail);
                    break;
                case "eta_ddim":
                    s = Number(s, Read<double?>(), 0, 10, v => s with { EtaDdim = v }, Fail);
                    break;
                case "s_churn":
                    s = Number(s, Read<double?>(), 0, 100, v => s with { SChurn = v }, Fail);
                    break;
                case "s_tmin":
                    s = Number(s, Read<double?>(), 0, 1000, v => s with { STmin = v }, Fail);
                    break;
                case "s_tmax":
                    s = Number(s, Read<double?>(), 0, 1000, v => s with { STmax = v }, Fail);
                    break;
                case "s_noise":
                    s = Number(s, Read<double?>(), 0, 10, v => s with { SNoise = v }, Fail);
                    break;
                case "always_discard_next_to_last_sigma":
                    if (Read<bool?>() is { } discard)
                    {
                        s = s with { AlwaysDiscardNextToLastSigma = discard };
                    }

                    break;
                case "img2img_fix_steps":
                    if (Read<bool?>() is { } fix)
                    {
                        s = s with { Img2ImgFixSteps = fix };
                    }

                    break;
                case "live_previews_enable":
                    if (Read<bool?>() is { } live)
                    {
                        s = s with { LivePreviewsEnable = live };
                    }

                    break;
                case "show_progress_every_n_steps":
                    if (Read<int?>() is { } every)
                    {
                        if (every is >= -1 and <= 1000)
                        {
                            s = s with { ShowProgressEveryNSteps = every };
                        }
                        else
                        {
                            Fail($"Must be from -1 to 1000, not {every}.");
                        }
                    }

                    break;
                case "emphasis":
                    if (Read<string>() is { } emphasis)
                    {
                        var mode = Enum.GetValues<EmphasisMode>().Cast<EmphasisMode?>()
                            .FirstOrDefault(m => string.Equals(Engine.Pipelines.Infotext.EmphasisName(m!.Value), emphasis, StringComparison.Ordinal));
                        if (mode is { } m)
                        {
                            s = s with { Emphasis = m };
                        }
                        else
                        {
                            Fail($"Must be Original, No norm, Ignore or None, not '{emphasis}'.");
                        }
                    }

                    break;
            }
        }

        return s;
    }

    /// <summary>The flat key → value dictionary of <c>GET /sdapi/v1/options</c>.</summary>
    public static Dictionary<string, object?> ToOptions(ApiSettings s, string? modelTitle)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ModelKey] = modelTitle,
            ["sd_checkpoint_hash"] = null,
            ["sd_vae"] = "Automatic",
            ["CLIP_stop_at_last_layers"] = s.ClipStopAtLastLayers,
            ["eta_noise_seed_delta"] = s.EtaNoiseSeedDelta,
            ["randn_source"] = s.RandnSource.ToString().ToUpperInvariant(),
            ["eta_ancestral"] = s.EtaAncestral,
            ["eta_ddim"] = s.EtaDdim,
            ["s_churn"] = s.SChurn,
            ["s_tmin"] = s.STmin,
            ["s_tmax"] = s.STmax,
            ["s_noise"] = s.SNoise,
            ["always_discard_next_to_last_sigma"] = s.AlwaysDiscardNextToLastSigma,
            ["img2img_fix_steps"] = s.Img2ImgFixSteps,
            ["emphasis"] = Engine.Pipelines.Infotext.EmphasisName(s.Emphasis),
            ["show_progress_every_n_steps"] = s.ShowProgressEveryNSteps,
            ["live_previews_enable"] = s.LivePreviewsEnable,
            ["live_previews_image_format"] = "png",
            ["samples_format"] = "png",
            ["samples_save"] = true,
            ["return_grid"] = false,
            ["enable_pnginfo"] = true,
        };
    }

    private static ApiSettings Number(
        ApiSettings current, double? value, double min, double max, Func<double, ApiSettings> apply, Func<string, bool> fail)
    {
        if (value is not { } v)
        {
            return current;
        }

        if (v < min || v > max)
        {
            fail(string.Create(CultureInfo.InvariantCulture, $"Must be from {min} to {max}, not {v}."));
            return current;
        }

        return apply(v);
    }
}
