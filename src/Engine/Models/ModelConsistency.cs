using System.Globalization;
using Engine.Onnx;

namespace Engine.Models;

/// <summary>
/// Cross-checks configs against each other and against the graphs. Exporters and hand-edited folders disagree
/// in practice (an inpainting U-Net with an SD config, an SD1 text encoder beside an SD2 U-Net); catching it here
/// turns a shape error deep inside ONNX Runtime into a message naming both files.
/// </summary>
internal static class ModelConsistency
{
    public static void Check(
        UNetConfig? unet, TextEncoderConfig? text, VaeConfig? vae,
        TextEncoderIo? textIo, UNetIo? unetIo, VaeDecoderIo? decoderIo, VaeEncoderIo? encoderIo,
        ICollection<ModelProblem> problems)
    {
        const string UNetConfigFile = UNetConfig.RelativePath;
        const string TextConfigFile = TextEncoderConfig.RelativePath;
        const string VaeConfigFile = VaeConfig.DecoderRelativePath;
        var unetGraph = ModelFolderLayout.ModelFile(ModelComponent.UNet);
        var textGraph = ModelFolderLayout.ModelFile(ModelComponent.TextEncoder);
        var decoderGraph = ModelFolderLayout.ModelFile(ModelComponent.VaeDecoder);
        var encoderGraph = ModelFolderLayout.ModelFile(ModelComponent.VaeEncoder);

        void Add(string file, FormattableString message) =>
            problems.Add(new ModelProblem(file, message.ToString(CultureInfo.InvariantCulture)));

        if (unet is not null && unetIo is not null)
        {
            if (unetIo.InChannels is { } inGraph && inGraph != unet.InChannels)
            {
                Add(UNetConfigFile, $"{UNetConfigFile}: in_channels is {unet.InChannels}, but {unetGraph} input 'sample' has {inGraph} channels.");
            }

            if (unetIo.OutChannels is { } outGraph && outGraph != unet.OutChannels)
            {
                Add(UNetConfigFile, $"{UNetConfigFile}: out_channels is {unet.OutChannels}, but {unetGraph} output 'out_sample' has {outGraph} channels.");
            }

            if (unetIo.CrossAttentionDim is { } crossGraph && crossGraph != unet.CrossAttentionDim)
            {
                Add(UNetConfigFile, $"{UNetConfigFile}: cross_attention_dim is {unet.CrossAttentionDim}, but {unetGraph} input 'encoder_hidden_states' has width {crossGraph}.");
            }
        }

        if (unet is not null && text is not null && unet.CrossAttentionDim != text.HiddenSize)
        {
            Add(TextConfigFile, $"{TextConfigFile}: hidden_size is {text.HiddenSize}, but {UNetConfigFile} expects text embeddings of cross_attention_dim {unet.CrossAttentionDim} (a text encoder from another model family?).");
        }

        if (text is not null && textIo is not null)
        {
            if (textIo.HiddenSize is { } hiddenGraph && hiddenGraph != text.HiddenSize)
            {
                Add(TextConfigFile, $"{TextConfigFile}: hidden_size is {text.HiddenSize}, but {textGraph} output 'last_hidden_state' has width {hiddenGraph}.");
            }

            if (textIo.SequenceLength is { } sequence && sequence > text.MaxPositionEmbeddings)
            {
                Add(textGraph, $"{textGraph}: takes {sequence} tokens, more than max_position_embeddings {text.MaxPositionEmbeddings} in {TextConfigFile}.");
            }
        }

        if (textIo is not null && unetIo is not null && textIo.HiddenSize is { } textWidth && unetIo.CrossAttentionDim is { } unetWidth && textWidth != unetWidth)
        {
            Add(textGraph, $"{textGraph}: produces embeddings of width {textWidth}, but {unetGraph} takes width {unetWidth}.");
        }

        if (vae is not null)
        {
            if (unet is not null && unet.InChannels != vae.LatentChannels)
            {
                Add(UNetConfigFile, $"{UNetConfigFile}: in_channels is {unet.InChannels}, but the VAE has {vae.LatentChannels} latent channels ({VaeConfigFile}); inpainting and other conditioned U-Nets are not supported.");
            }

            if (unet is not null && unet.OutChannels != vae.LatentChannels)
            {
                Add(UNetConfigFile, $"{UNetConfigFile}: out_channels is {unet.OutChannels}, but the VAE has {vae.LatentChannels} latent channels ({VaeConfigFile}).");
            }

            if (decoderIo?.LatentChannels is { } decoderChannels && decoderChannels != vae.LatentChannels)
            {
                Add(VaeConfigFile, $"{VaeConfigFile}: latent_channels is {vae.LatentChannels}, but {decoderGraph} input 'latent_sample' has {decoderChannels} channels.");
            }

            if (encoderIo?.LatentChannels is { } encoderChannels && encoderChannels != vae.LatentChannels)
            {
                Add(encoderGraph, $"{encoderGraph}: output '{encoderIo.OutputName}' has {encoderIo.OutputChannels} channels, which does not fit latent_channels {vae.LatentChannels} in {VaeConfigFile}.");
            }
        }
    }
}
