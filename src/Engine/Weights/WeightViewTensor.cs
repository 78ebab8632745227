namespace Engine.Weights;

/// <summary>
/// One tensor of a <see cref="WeightFileView"/>: its name in the view, the source tensor it reads, which rows of the
/// source's outermost axis it covers, and the shape it is presented with (same element count as those rows).
/// </summary>
/// <param name="Name">Name in the view (e.g. the diffusers name).</param>
/// <param name="Source">Name of the tensor in the source file.</param>
/// <param name="FirstRow">First row of the source's outermost axis (0 for the whole tensor).</param>
/// <param name="Rows">Number of rows; null for all rows from <paramref name="FirstRow"/>.</param>
/// <param name="Shape">Shape in the view; null keeps the shape of the selected rows.</param>
public sealed record WeightViewTensor(string Name, string Source, long FirstRow = 0, long? Rows = null, long[]? Shape = null);
