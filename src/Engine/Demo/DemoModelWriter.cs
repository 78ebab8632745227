using Engine.Onnx;

namespace Engine.Demo;

/// <summary>
/// Writes the analytic demo model (TESTING.md §1) as a complete Stable Diffusion folder in Hugging Face
/// optimum's ONNX layout, so the normal loader and pipelines run it. Output is byte-identical for equal options.
/// </summary>
public static class DemoModelWriter
{
    /// <summary>Name of the marker key in <c>model_index.json</c> (value <c>true</c>).</summary>
    public const string MarkerKey = "_demo_model";

    /// <summary>Writes (or overwrites) the model files under <paramref name="folder"/>, creating it if needed.</summary>
    public static void Write(string folder, DemoModelOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.InputIdsType is not (OnnxElementType.Int32 or OnnxElementType.Int64))
        {
            throw new ArgumentException("input_ids must be Int32 or Int64.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SampleSize, nameof(options));
        if (!(options.DataStd > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DataStd, "DataStd must be positive.");
        }

        string Sub(string name) => Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        Directory.CreateDirectory(folder);

        DemoConfigFiles.WriteJson(Path.Combine(folder, "model_index.json"), w => DemoConfigFiles.ModelIndex(w, options));
        DemoConfigFiles.WriteJson(Path.Combine(Sub("scheduler"), "scheduler_config.json"), w => DemoConfigFiles.Scheduler(w, options));

        var tokenizer = Sub("tokenizer");
        DemoConfigFiles.WriteJson(Path.Combine(tokenizer, "vocab.json"), DemoConfigFiles.Vocab);
        DemoConfigFiles.WriteMerges(Path.Combine(tokenizer, "merges.txt"));
        DemoConfigFiles.WriteJson(Path.Combine(tokenizer, "special_tokens_map.json"), DemoConfigFiles.SpecialTokensMap);
        DemoConfigFiles.WriteJson(Path.Combine(tokenizer, "tokenizer_config.json"), DemoConfigFiles.TokenizerConfig);

        var textEncoder = Sub("text_encoder");
        DemoConfigFiles.WriteJson(Path.Combine(textEncoder, "config.json"), DemoConfigFiles.TextEncoder);
        DemoTextEncoderGraph.Build(options).Save(Path.Combine(textEncoder, "model.onnx"));

        var unet = Sub("unet");
        DemoConfigFiles.WriteJson(Path.Combine(unet, "config.json"), w => DemoConfigFiles.UNet(w, options));
        DemoUNetGraph.Build(options).Save(Path.Combine(unet, "model.onnx"));

        var encoder = Sub("vae_encoder");
        DemoConfigFiles.WriteJson(Path.Combine(encoder, "config.json"), w => DemoConfigFiles.Vae(w, options));
        DemoVaeGraphs.BuildEncoder(options).Save(Path.Combine(encoder, "model.onnx"));

        var decoder = Sub("vae_decoder");
        DemoConfigFiles.WriteJson(Path.Combine(decoder, "config.json"), w => DemoConfigFiles.Vae(w, options));
        DemoVaeGraphs.BuildDecoder(options).Save(Path.Combine(decoder, "model.onnx"));
    }
}
