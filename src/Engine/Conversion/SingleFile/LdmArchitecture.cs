namespace Engine.Conversion.SingleFile;

/// <summary>
/// What the tensors of a single-file checkpoint say about its components (read from the diffusers-named views): the
/// text encoder's layout and sizes, the U-Net's levels, channels and block types, the VAE's levels and channels.
/// Head counts, group counts, prediction type and image size are not in the shapes; the family's defaults give them.
/// </summary>
internal sealed record LdmArchitecture
{
    public required LdmTextEncoderLayout TextLayout { get; init; }

    public required int TextWidth { get; init; }

    /// <summary>Layers the converted text encoder has (for OpenCLIP, one fewer than the file: SD 2 uses the penultimate).</summary>
    public required int TextLayers { get; init; }

    public required int TextIntermediate { get; init; }

    public required int VocabularySize { get; init; }

    public required int MaxPositions { get; init; }

    public required int UNetInChannels { get; init; }

    public required int UNetOutChannels { get; init; }

    public required int[] UNetBlockOutChannels { get; init; }

    public required int UNetLayersPerBlock { get; init; }

    public required string[] UNetDownBlockTypes { get; init; }

    public required string[] UNetUpBlockTypes { get; init; }

    public required int CrossAttentionDim { get; init; }

    /// <summary>proj_in / proj_out are linears (SD 2) rather than 1x1 convs (SD 1).</summary>
    public required bool LinearProjection { get; init; }

    public required int VaeInChannels { get; init; }

    public required int VaeOutChannels { get; init; }

    public required int VaeLatentChannels { get; init; }

    public required int[] VaeBlockOutChannels { get; init; }

    public required int VaeLayersPerBlock { get; init; }
}
