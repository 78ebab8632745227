namespace WebUi.E2E;

/// <summary>The numbers of a txt2img job.</summary>
internal sealed record Txt2ImgJob(int Steps, int Width, int Height, int BatchCount);
