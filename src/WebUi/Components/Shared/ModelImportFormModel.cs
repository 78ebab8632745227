using Engine.Conversion;
using Engine.Models;
using WebUi.ModelImport;

namespace WebUi.Components.Shared;

/// <summary>The fields of the Models page's import and download forms, turned into a <see cref="ModelImportRequest"/>.</summary>
public sealed class ModelImportFormModel
{
    /// <summary>The picked source's path below the models folder.</summary>
    public string? SourcePath { get; set; }

    /// <summary>The hub repository, <c>owner/name</c>.</summary>
    public string? RepoId { get; set; }

    public string Revision { get; set; } = HubRepoId.DefaultRevision;

    /// <summary>A weight variant to download (e.g. fp16); empty for the plain weights.</summary>
    public string? Variant { get; set; }

    /// <summary>The new model's name.</summary>
    public string? Name { get; set; }

    public ModelPrecision Precision { get; set; } = ModelPrecision.Float32;

    /// <summary>Null: detect from the checkpoint.</summary>
    public ModelFamily? Family { get; set; }

    /// <summary>Null: detect from the checkpoint.</summary>
    public PredictionType? Prediction { get; set; }

    /// <summary>Null: detect from the checkpoint.</summary>
    public int? ImageSize { get; set; }

    /// <summary>An import of the picked local <paramref name="source"/> (null when nothing valid is picked).</summary>
    public ModelImportRequest ToLocalRequest(ModelImportSource? source) => new()
    {
        Name = Name?.Trim() ?? string.Empty,
        Source = source,
        Options = new ModelImportOptions
        {
            Precision = Precision,
            Family = source?.IsCheckpoint == true ? Family : null,
            PredictionType = source?.IsCheckpoint == true ? Prediction : null,
            ImageSize = source?.IsCheckpoint == true ? ImageSize : null,
        },
    };

    /// <summary>A download of <see cref="RepoId"/> followed by its import.</summary>
    public ModelImportRequest ToDownloadRequest() => new()
    {
        Name = Name?.Trim() ?? string.Empty,
        RepoId = RepoId?.Trim() ?? string.Empty,
        Revision = string.IsNullOrWhiteSpace(Revision) ? HubRepoId.DefaultRevision : Revision.Trim(),
        Variant = string.IsNullOrWhiteSpace(Variant) ? null : Variant.Trim(),
        Options = new ModelImportOptions { Precision = Precision },
    };
}
