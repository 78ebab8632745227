namespace Engine.Numerics;

/// <summary>
/// The batch's noise as A1111's <c>ImageRNG</c> (<c>modules/rng.py</c>) draws it: one generator per image, so image i of a
/// batch equals a batch of one seeded with <c>Seeds[i]</c>.
/// </summary>
/// <remarks>
/// The first <see cref="Fill"/> gives the initial latent noise (<c>ImageRNG.first</c>); for each image, in this order:
/// the subseed's noise from a fresh generator (when a variation strength is set), the seed's noise (from a fresh generator
/// at the resize-from size, else from the image's generator), the slerp of the two, and for resize-from the image's
/// generator drawing target-size noise that the old-size noise is pasted into, centred (or cropped). Then, with ENSD,
/// every image's generator is re-created from <c>seed + ENSD</c>. Each later <see cref="Fill"/> is one draw per image
/// from its generator (<c>ImageRNG.next</c>: the samplers' ancestral noise).
/// </remarks>
public sealed class BatchNoiseSource : Schedulers.INoiseSource
{
    private readonly ImageNoiseOptions _options;
    private readonly INormalGenerator[] _generators;
    private bool _isFirst = true;

    public BatchNoiseSource(ImageNoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Seeds.Count == 0)
        {
            throw new ArgumentException("At least one seed is needed.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Channels, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LatentHeight, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LatentWidth, 1, nameof(options));
        if (double.IsNaN(options.SubseedStrength))
        {
            throw new ArgumentException("SubseedStrength is NaN.", nameof(options));
        }

        _options = options;
        ImageLength = checked(options.Channels * options.LatentHeight * options.LatentWidth);
        _generators = options.Seeds.Select(seed => NormalGenerators.Create(options.Source, seed)).ToArray();
        if (ResizeFromEnabled(options) && (options.SeedResizeFromHeight / ImageNoiseOptions.LatentScale < 1 || options.SeedResizeFromWidth / ImageNoiseOptions.LatentScale < 1))
        {
            throw new ArgumentException("Resize-seed-from sizes must be at least 8 pixels.", nameof(options));
        }
    }

    /// <summary>Values per image: channels × latent height × latent width.</summary>
    public int ImageLength { get; }

    /// <summary>Images in the batch.</summary>
    public int BatchSize => _generators.Length;

    /// <inheritdoc/>
    public void Fill(Span<float> destination)
    {
        if (destination.Length != BatchSize * ImageLength)
        {
            throw new ArgumentException($"Expected {BatchSize}x{ImageLength} values, got {destination.Length}.", nameof(destination));
        }

        if (_isFirst)
        {
            _isFirst = false;
            First(destination);
            return;
        }

        for (var i = 0; i < _generators.Length; i++)
        {
            _generators[i].Randn(destination.Slice(i * ImageLength, ImageLength));
        }
    }

    private static bool ResizeFromEnabled(ImageNoiseOptions options) => options.SeedResizeFromHeight > 0 && options.SeedResizeFromWidth > 0;

    private void First(Span<float> destination)
    {
        var o = _options;
        var channels = o.Channels;
        var (height, width) = (o.LatentHeight, o.LatentWidth);
        var (noiseHeight, noiseWidth) = ResizeFromEnabled(o)
            ? (o.SeedResizeFromHeight / ImageNoiseOptions.LatentScale, o.SeedResizeFromWidth / ImageNoiseOptions.LatentScale)
            : (height, width);
        var resized = noiseHeight != height || noiseWidth != width;
        var noiseLength = channels * noiseHeight * noiseWidth;

        for (var i = 0; i < BatchSize; i++)
        {
            var image = destination.Slice(i * ImageLength, ImageLength);
            float[]? subnoise = null;
            if (o.Subseeds is not null && o.SubseedStrength != 0)
            {
                var subseed = i < o.Subseeds.Count ? o.Subseeds[i] : 0;
                subnoise = new float[noiseLength];
                NormalGenerators.Create(o.Source, subseed).Randn(subnoise);
            }

            var noise = new float[noiseLength];
            if (resized)
            {
                NormalGenerators.Create(o.Source, o.Seeds[i]).Randn(noise);
            }
            else
            {
                _generators[i].Randn(noise);
            }

            if (subnoise is not null)
            {
                var blended = new float[noiseLength];
                NoiseSlerp.Apply(o.SubseedStrength, noise, subnoise, channels, noiseHeight, noiseWidth, blended);
                noise = blended;
            }

            if (resized)
            {
                _generators[i].Randn(image);
                SeedResizePaste.Paste(noise, channels, noiseHeight, noiseWidth, image, height, width);
            }
            else
            {
                noise.CopyTo(image);
            }
        }

        if (o.EtaNoiseSeedDelta != 0)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                _generators[i] = NormalGenerators.Create(o.Source, SeedResolver.Offset(o.Seeds[i], o.EtaNoiseSeedDelta));
            }
        }
    }
}
