namespace Engine.Conversion.SingleFile;

/// <summary>How an original LDM checkpoint stores its text encoder.</summary>
internal enum LdmTextEncoderLayout
{
    /// <summary>SD 1.x: transformers' <c>CLIPTextModel</c> under <c>cond_stage_model.transformer.</c>.</summary>
    TransformersClip,

    /// <summary>SD 2.x: OpenCLIP's text tower under <c>cond_stage_model.model.</c> (fused attention in_proj).</summary>
    OpenClip,
}
