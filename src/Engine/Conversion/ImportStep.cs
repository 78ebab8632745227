namespace Engine.Conversion;

/// <summary>One component conversion of an import.</summary>
/// <param name="Component">The output component (<c>text_encoder</c>, <c>unet</c>, ...).</param>
/// <param name="Weight">Bytes of source weights it reads, its share of the progress.</param>
/// <param name="Run">The conversion, given its progress sink and the cancellation token.</param>
internal sealed record ImportStep(string Component, double Weight, Action<IProgress<ConversionProgress>?, CancellationToken> Run);
