using Engine.Models;
using Engine.Onnx;
using Engine.Tests.Models;

namespace Engine.Tests.Onnx;

public sealed class ExternalDataTests : IDisposable
{
    private const string Id = "external";
    private readonly TempModelsFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_ExternalInitializer_ListsLocationAndRange()
    {
        using var stream = new MemoryStream(OnnxBytes.DecoderWithExternalData("weights.bin", 8, 16));

        var signature = OnnxModelReader.Read(stream);

        var reference = Assert.Single(signature.ExternalData);
        Assert.Equal(new OnnxExternalDataReference("conv.weight", "weights.bin", 8, 16), reference);
        Assert.Equal(["weights.bin"], signature.ExternalDataFiles);
        Assert.Equal("latent_sample: float32 [batch_size, 4, latent_height, latent_width]", signature.Inputs[0].ToString());
    }

    [SkippableFact]
    public void Scan_ExternalDataPresent_IsReady()
    {
        WriteDecoder("weights.bin");
        File.WriteAllBytes(_temp.PathOf(Id, "vae_decoder/weights.bin"), new byte[16]);

        Assert.True(Scan().IsReady, string.Join(" ", Scan().Problems));
    }

    [SkippableTheory]
    [InlineData("../../escape.bin", "not a plain file name")]
    [InlineData("/etc/passwd", "not a plain file name")]
    [InlineData("sub/../../x.bin", "not a plain file name")]
    [InlineData("missing.bin", "missing")]
    public void Scan_UntrustedOrMissingLocation_IsBroken(string location, string fragment)
    {
        WriteDecoder(location);

        var model = Scan();

        Assert.Equal(ModelStatus.Broken, model.Status);
        Assert.Contains(model.Problems, p => p.Message.Contains(fragment, StringComparison.Ordinal) && p.Message.StartsWith("vae_decoder/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Scan_ExternalDataShorterThanDeclared_IsBroken()
    {
        WriteDecoder("weights.bin");
        File.WriteAllBytes(_temp.PathOf(Id, "vae_decoder/weights.bin"), new byte[8]);

        var problem = Assert.Single(Scan().Problems);

        Assert.Equal("vae_decoder/weights.bin", problem.File);
        Assert.Contains("truncated", problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_ExternalDataLinkLeavingComponentFolder_IsBroken()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        WriteDecoder("weights.bin");
        var outside = Path.Combine(_temp.Root, "outside.bin");
        File.WriteAllBytes(outside, new byte[16]);
        File.CreateSymbolicLink(_temp.PathOf(Id, "vae_decoder/weights.bin"), outside);

        var problem = Assert.Single(Scan().Problems);

        Assert.Contains("leads outside its component folder", problem.Message, StringComparison.Ordinal);
    }

    private void WriteDecoder(string location)
    {
        _temp.CopyFixture("tiny-sd2", Id);
        File.WriteAllBytes(_temp.PathOf(Id, "vae_decoder/model.onnx"), OnnxBytes.DecoderWithExternalData(location));
    }

    private ModelDescriptor Scan() => CatalogFactory.Create(_temp.Root).Get(Id);
}
