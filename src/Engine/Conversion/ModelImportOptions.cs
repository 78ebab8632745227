namespace Engine.Conversion;

/// <summary>How <see cref="ModelImporter"/> converts a source model.</summary>
public sealed record ModelImportOptions
{
    /// <summary>Element type of the converted graphs.</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Float32;
}
