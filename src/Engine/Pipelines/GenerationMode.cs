namespace Engine.Pipelines;

/// <summary>Whether a job starts from noise or from an init image.</summary>
public enum GenerationMode
{
    /// <summary>txt2img.</summary>
    TextToImage,

    /// <summary>img2img: the init image, encoded and noised to the strength's start.</summary>
    ImageToImage,
}
