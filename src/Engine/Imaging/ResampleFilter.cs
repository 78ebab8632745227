namespace Engine.Imaging;

/// <summary>Pillow's resampling filters used by AUTOMATIC1111's resize modes.</summary>
public enum ResampleFilter
{
    /// <summary>Lanczos, a = 3 (<c>Image.LANCZOS</c>): A1111's resize for init images.</summary>
    Lanczos,

    /// <summary>Bicubic, a = −0.5 (<c>Image.BICUBIC</c>): Pillow's default for <c>Image.resize</c>, used by "Resize and fill" for its bands.</summary>
    Bicubic,
}
