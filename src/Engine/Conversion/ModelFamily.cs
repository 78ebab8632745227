namespace Engine.Conversion;

/// <summary>The Stable Diffusion generation a checkpoint belongs to, which fixes its text encoder and U-Net shapes.</summary>
public enum ModelFamily
{
    /// <summary>SD 1.x: CLIP ViT-L/14 text encoder (768-wide context), conv projections in the U-Net.</summary>
    StableDiffusion1,

    /// <summary>SD 2.x: OpenCLIP ViT-H/14 text encoder (1024-wide context), linear projections in the U-Net.</summary>
    StableDiffusion2,
}
