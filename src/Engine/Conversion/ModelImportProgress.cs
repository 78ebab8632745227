namespace Engine.Conversion;

/// <summary>
/// Where an import stands: the component being converted, what it is doing, and the fraction of the whole import
/// done, weighted by the bytes of source weights each component reads (so an ETA can be drawn from it).
/// </summary>
/// <param name="Component">The output component (<c>text_encoder</c>, <c>unet</c>, ...) or <c>model</c> for the whole.</param>
/// <param name="Stage">What is happening: <c>weights</c>, <c>writing</c>, <c>copying</c>, <c>done</c>; for SD 2 single-file
/// checkpoints also <c>probing</c> (the converted U-Net run once to tell v-prediction from epsilon).</param>
/// <param name="Fraction">0 to 1 over the whole import.</param>
public sealed record ModelImportProgress(string Component, string Stage, double Fraction);
