using Engine.Numerics;
using Engine.TextEncoding;

namespace WebUi.Api;

/// <summary>
/// The A1111 options (<c>shared.opts</c>) the API understands, with A1111's defaults. <c>/options</c> reads and writes
/// them; a request's <c>override_settings</c> changes them for one job.
/// </summary>
public sealed record ApiSettings
{
    /// <summary>A1111's <c>sd_model_checkpoint</c> for this job: a model title or name, null for the model in use.</summary>
    public string? ModelCheckpoint { get; init; }

    /// <summary><c>CLIP_stop_at_last_layers</c>; only 1 is supported.</summary>
    public int ClipStopAtLastLayers { get; init; } = 1;

    /// <summary><c>eta_noise_seed_delta</c>.</summary>
    public long EtaNoiseSeedDelta { get; init; }

    /// <summary><c>randn_source</c>.</summary>
    public RandomSource RandnSource { get; init; } = RandomSource.Gpu;

    /// <summary><c>eta_ancestral</c>.</summary>
    public double EtaAncestral { get; init; } = 1.0;

    /// <summary><c>eta_ddim</c>.</summary>
    public double EtaDdim { get; init; }

    /// <summary><c>s_churn</c>.</summary>
    public double SChurn { get; init; }

    /// <summary><c>s_tmin</c>.</summary>
    public double STmin { get; init; }

    /// <summary><c>s_tmax</c>; 0 means no upper bound, as in A1111.</summary>
    public double STmax { get; init; }

    /// <summary><c>s_noise</c>.</summary>
    public double SNoise { get; init; } = 1.0;

    /// <summary><c>always_discard_next_to_last_sigma</c>.</summary>
    public bool AlwaysDiscardNextToLastSigma { get; init; }

    /// <summary><c>img2img_fix_steps</c>.</summary>
    public bool Img2ImgFixSteps { get; init; }

    /// <summary><c>emphasis</c>.</summary>
    public EmphasisMode Emphasis { get; init; } = EmphasisMode.Original;

    /// <summary><c>show_progress_every_n_steps</c> (A1111 default 10; -1 and 0 mean no preview during sampling).</summary>
    public int ShowProgressEveryNSteps { get; init; } = 10;

    /// <summary><c>live_previews_enable</c>.</summary>
    public bool LivePreviewsEnable { get; init; } = true;
}
