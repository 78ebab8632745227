namespace Engine.Pipelines;

/// <summary>One invalid field of a <see cref="GenerationRequest"/>.</summary>
/// <param name="Field">The request property, e.g. <c>Steps</c>.</param>
/// <param name="Message">What is wrong, with the value and the allowed range.</param>
public sealed record GenerationValidationError(string Field, string Message);
