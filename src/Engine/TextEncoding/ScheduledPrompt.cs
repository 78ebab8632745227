namespace Engine.TextEncoding;

/// <summary>The prompt text to use up to and including sampling step <paramref name="EndAtStep"/> (1-based).</summary>
/// <param name="EndAtStep">Last step this text applies to.</param>
/// <param name="Text">The prompt with editing and alternation resolved; attention brackets are still in it.</param>
public readonly record struct ScheduledPrompt(int EndAtStep, string Text);
