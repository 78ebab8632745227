namespace Engine.Models;

/// <summary>One component entry of <c>model_index.json</c>, e.g. ("diffusers", "UNet2DConditionModel").</summary>
/// <param name="Library">Python library that defines the class (diffusers, transformers).</param>
/// <param name="ClassName">Class that was saved.</param>
public sealed record ModelIndexComponent(string Library, string ClassName);
