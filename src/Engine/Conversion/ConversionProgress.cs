namespace Engine.Conversion;

/// <summary>Progress of one component conversion: weights copied into the graph so far, out of the total.</summary>
/// <param name="Component">The component being converted (e.g. <c>text_encoder</c>).</param>
/// <param name="Stage">What is happening now: <c>weights</c> while tensors are read, <c>writing</c> while the file is saved.</param>
/// <param name="CompletedTensors">Weight tensors read so far.</param>
/// <param name="TotalTensors">Weight tensors in the source file.</param>
public sealed record ConversionProgress(string Component, string Stage, int CompletedTensors, int TotalTensors);
