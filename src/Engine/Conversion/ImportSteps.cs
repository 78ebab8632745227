namespace Engine.Conversion;

/// <summary>
/// The component conversions of an import, run in order with one progress scale: each step's share of the whole is
/// its weight (the bytes of source weights it reads), and within a step the tensors read so far.
/// </summary>
internal static class ImportSteps
{
    /// <summary>Runs <paramref name="steps"/>, reporting fractions of the whole import in order.</summary>
    public static void Run(IReadOnlyList<ImportStep> steps, IProgress<ModelImportProgress>? progress, CancellationToken cancellationToken)
    {
        var total = steps.Sum(s => s.Weight);
        var done = 0.0;
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = done;
            var componentProgress = progress is null
                ? null
                : new SynchronousProgress<ConversionProgress>(p => progress.Report(new ModelImportProgress(
                    p.Component, p.Stage, (start + (step.Weight * Fraction(p))) / total)));
            step.Run(componentProgress, cancellationToken);
            done += step.Weight;
            progress?.Report(new ModelImportProgress(step.Component, "done", done / total));
        }
    }

    // Building the graph only checks the tensors; reading and writing them is the bulk of a component's time.
    private static double Fraction(ConversionProgress p) => p.Stage switch
    {
        "writing" => 0.1 + (0.9 * Math.Min(1.0, p.CompletedTensors / (double)Math.Max(1, p.TotalTensors))),
        "probing" => 1.0,
        _ => 0.1 * p.CompletedTensors / Math.Max(1, p.TotalTensors),
    };

    /// <summary>Reports on the converting thread, unlike <see cref="Progress{T}"/>, so fractions arrive in order.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
