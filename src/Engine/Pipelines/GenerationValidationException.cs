namespace Engine.Pipelines;

/// <summary>A request failed validation; <see cref="Errors"/> lists every bad field (the first one is <see cref="ArgumentException.ParamName"/>).</summary>
public sealed class GenerationValidationException : ArgumentException
{
    public GenerationValidationException(IReadOnlyList<GenerationValidationError> errors)
        : base(Describe(errors), errors is { Count: > 0 } ? errors[0].Field : null)
    {
        Errors = errors;
    }

    /// <summary>Every invalid field.</summary>
    public IReadOnlyList<GenerationValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<GenerationValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return "Invalid generation request: " + string.Join(" ", errors.Select(e => e.Message));
    }
}
