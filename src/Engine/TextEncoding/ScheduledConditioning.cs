namespace Engine.TextEncoding;

/// <summary>One entry of a <see cref="ConditioningSchedule"/>.</summary>
/// <param name="EndAtStep">Last step (A1111's counting) at which <paramref name="Embedding"/> applies.</param>
/// <param name="Text">The prompt text after prompt editing was expanded for these steps.</param>
/// <param name="Embedding">The encoded text.</param>
public sealed record ScheduledConditioning(int EndAtStep, string Text, PromptEmbedding Embedding);
