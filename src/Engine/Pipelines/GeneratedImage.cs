using Engine.Imaging;

namespace Engine.Pipelines;

/// <summary>One image of a job's result.</summary>
/// <param name="Image">The pixels.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Subseed">Its variation seed.</param>
/// <param name="Infotext">A1111's <c>parameters</c> text for it.</param>
/// <param name="BatchIndex">The batch it came from.</param>
/// <param name="IsPartial">True when the job was interrupted before this image's sampling finished.</param>
public sealed record GeneratedImage(RgbImage Image, long Seed, long Subseed, string Infotext, int BatchIndex, bool IsPartial);
