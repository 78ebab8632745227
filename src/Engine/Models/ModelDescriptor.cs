using Engine.Onnx;

namespace Engine.Models;

/// <summary>
/// One model folder as the catalog found it: identity, what it can do, its parsed configs and graph contracts, and
/// (when <see cref="Status"/> is Broken) every problem found, each naming its file. Configs and signatures are null
/// when the file behind them could not be read.
/// </summary>
public sealed record ModelDescriptor
{
    /// <summary>Folder name under the models root; see <see cref="ModelId"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Name to show in the UI (the folder name with '_' shown as spaces).</summary>
    public required string DisplayName { get; init; }

    /// <summary>Absolute path of the model folder (inside the models root).</summary>
    public required string Path { get; init; }

    /// <summary>Ready, or Broken with <see cref="Problems"/>.</summary>
    public required ModelStatus Status { get; init; }

    /// <summary>Why the model cannot be used; empty when Ready.</summary>
    public IReadOnlyList<ModelProblem> Problems { get; init; } = [];

    /// <summary>Limitations that do not prevent use (e.g. no VAE encoder, so no img2img).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Parsed <c>model_index.json</c>.</summary>
    public ModelIndex? Index { get; init; }

    /// <summary>Parsed scheduler config.</summary>
    public SchedulerConfig? Scheduler { get; init; }

    /// <summary>Parsed U-Net config.</summary>
    public UNetConfig? UNet { get; init; }

    /// <summary>Parsed text encoder config.</summary>
    public TextEncoderConfig? TextEncoder { get; init; }

    /// <summary>Parsed VAE config (the decoder's copy).</summary>
    public VaeConfig? Vae { get; init; }

    /// <summary>IO contracts of the graphs; null unless every required graph was readable and well-formed.</summary>
    public ComponentSignatures? Signatures { get; init; }

    /// <summary>From the scheduler config; null when it could not be read.</summary>
    public PredictionType? PredictionType => Scheduler?.PredictionType;

    /// <summary>Default image width in pixels: U-Net sample width × the VAE scale factor (e.g. 64 × 8 = 512, 96 × 8 = 768).</summary>
    public int DefaultWidth { get; init; } = 512;

    /// <summary>Default image height in pixels.</summary>
    public int DefaultHeight { get; init; } = 512;

    /// <summary>True when a usable VAE encoder graph is present.</summary>
    public bool SupportsImg2Img { get; init; }

    /// <summary>True when Status is Ready.</summary>
    public bool IsReady => Status == ModelStatus.Ready;

    /// <summary>True for the engine's analytic demo model, which the app installs when no real model is present.</summary>
    public bool IsDemo => Index?.IsDemoModel == true;

    /// <summary>Absolute path of a component's graph file.</summary>
    public string ComponentPath(ModelComponent component) => ModelFolderLayout.Combine(Path, ModelFolderLayout.ModelFile(component));
}
