namespace Engine.Pipelines;

/// <summary>When classifier-free guidance runs the unconditional pass.</summary>
public enum GuidanceSemantics
{
    /// <summary>
    /// AUTOMATIC1111 (sd_samplers_cfg_denoiser.py <c>CFGDenoiser.forward</c>): always, even at CFG scale 1 (only
    /// <c>s_min_uncond</c> and <c>skip_early_cond</c>, both off by default, skip it).
    /// </summary>
    A1111,

    /// <summary>diffusers (<c>do_classifier_free_guidance = guidance_scale > 1</c>): skipped at a scale of 1 or less.</summary>
    Diffusers,
}
