namespace Engine.Models;

/// <summary>
/// The optimum ONNX Stable Diffusion layout (<c>optimum-cli export onnx --task stable-diffusion</c>): relative paths
/// of every file the engine reads, and how to tell it apart from a diffusers PyTorch/safetensors folder.
/// </summary>
public static class ModelFolderLayout
{
    /// <summary>Tokenizer files that must be present (CLIP BPE).</summary>
    public static IReadOnlyList<string> RequiredTokenizerFiles { get; } = ["tokenizer/vocab.json", "tokenizer/merges.txt"];

    /// <summary>Relative path of a component's graph.</summary>
    public static string ModelFile(ModelComponent component) => component switch
    {
        ModelComponent.TextEncoder => "text_encoder/model.onnx",
        ModelComponent.UNet => "unet/model.onnx",
        ModelComponent.VaeEncoder => "vae_encoder/model.onnx",
        ModelComponent.VaeDecoder => "vae_decoder/model.onnx",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    /// <summary>Relative path of a component's <c>config.json</c>.</summary>
    public static string ConfigFile(ModelComponent component) => component switch
    {
        ModelComponent.TextEncoder => TextEncoderConfig.RelativePath,
        ModelComponent.UNet => UNetConfig.RelativePath,
        ModelComponent.VaeEncoder => VaeConfig.EncoderRelativePath,
        ModelComponent.VaeDecoder => VaeConfig.DecoderRelativePath,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    /// <summary>
    /// True when the folder holds a diffusers <c>save_pretrained</c> pipeline (PyTorch/safetensors weights, a single
    /// <c>vae/</c>) and no ONNX graphs, i.e. something to export first rather than a broken ONNX model.
    /// </summary>
    public static bool IsDiffusersLayout(string folder)
    {
        var hasOnnx = File.Exists(Combine(folder, ModelFile(ModelComponent.UNet)))
            || Directory.Exists(Path.Combine(folder, "vae_decoder"))
            || File.Exists(Combine(folder, ModelFile(ModelComponent.TextEncoder)));
        if (hasOnnx)
        {
            return false;
        }

        return Directory.Exists(Path.Combine(folder, "vae"))
            || File.Exists(Path.Combine(folder, "unet", "diffusion_pytorch_model.safetensors"))
            || File.Exists(Path.Combine(folder, "unet", "diffusion_pytorch_model.bin"));
    }

    /// <summary>Joins a folder and a '/'-separated relative path with the platform separator.</summary>
    public static string Combine(string folder, string relativePath) =>
        Path.Combine(folder, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
