namespace Engine.Imaging;

/// <summary>AUTOMATIC1111's img2img "Resize mode" (API <c>resize_mode</c> 0..2; modules/images.py <c>resize_image</c>).</summary>
public enum ResizeMode
{
    /// <summary>0: stretch to the target size.</summary>
    JustResize = 0,

    /// <summary>1: scale to cover the target keeping the aspect ratio, then crop the centre.</summary>
    CropAndResize = 1,

    /// <summary>2: scale to fit inside the target keeping the aspect ratio, then fill the bands by stretching the edge rows/columns.</summary>
    ResizeAndFill = 2,
}
