using System.Text.Json;
using Engine.Conversion;
using Engine.Tests.Support;
using Engine.Tests.Weights;
using Engine.Weights;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

/// <summary>
/// A diffusers folder whose U-Net weights are damaged or malicious, imported as a whole: each fails with a weight-file
/// or conversion error naming the file or tensor at fault, leaves no target and no staging folder behind, and never
/// runs anything a pickle asks for (the marker file would appear).
/// </summary>
public sealed class ModelImporterHostileFileTests : IDisposable
{
    private readonly string _scratch = NewScratch();

    public void Dispose() => DeleteScratch(_scratch);

    private string Source => Path.Combine(_scratch, "source");

    private string UNetSafetensors => Path.Combine(Source, "unet", "diffusion_pytorch_model.safetensors");

    private string Marker => Path.Combine(_scratch, "pwned");

    [SkippableFact]
    public async Task TruncatedSafetensors_FailsNamingTheFile()
    {
        CopyDiffusers(Source);
        var bytes = await File.ReadAllBytesAsync(UNetSafetensors);
        await File.WriteAllBytesAsync(UNetSafetensors, bytes[..(bytes.Length / 2)]);

        await AssertImportFailsAsync<WeightFileException>("diffusion_pytorch_model.safetensors");
    }

    [SkippableFact]
    public async Task HeaderLengthBeyondTheFile_FailsNamingTheFile()
    {
        CopyDiffusers(Source);
        await File.WriteAllBytesAsync(UNetSafetensors, SafetensorsBuilder.Compose("{}", [], declaredLength: 1UL << 40));

        await AssertImportFailsAsync<WeightFileException>("diffusion_pytorch_model.safetensors");
    }

    [SkippableFact]
    public async Task HugeDimensions_FailWithoutAllocating()
    {
        CopyDiffusers(Source);
        const string header = """{"conv_in.weight":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}""";
        await File.WriteAllBytesAsync(UNetSafetensors, SafetensorsBuilder.Compose(header, TestBytes.Float32(1)));

        await AssertImportFailsAsync<WeightFileException>("diffusion_pytorch_model.safetensors");
    }

    [SkippableFact]
    public async Task PickleCallingOsSystem_IsRejectedAndNeverRun()
    {
        CopyDiffusers(Source);
        File.Delete(UNetSafetensors);
        var pickle = new PickleWriter().Proto().Global("os", "system").Mark().Str($"touch {Marker}").Tuple().Reduce().Stop().ToArray();
        new TorchZipBuilder("archive", pickle).WriteTo(Path.Combine(Source, "unet", "diffusion_pytorch_model.bin"));

        var error = await AssertImportFailsAsync<WeightFileException>("diffusion_pytorch_model.bin");

        Assert.Contains("'os.system' is not allowed", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ArchiveEntryEscapingTheFolder_IsRejected()
    {
        CopyDiffusers(Source);
        File.Delete(UNetSafetensors);
        new TorchZipBuilder("archive", PickleWriter.StateDict([]))
            .RawEntry("archive/../../evil.sh", "echo pwned"u8.ToArray())
            .WriteTo(Path.Combine(Source, "unet", "diffusion_pytorch_model.bin"));

        await AssertImportFailsAsync<WeightFileException>("diffusion_pytorch_model.bin");
        Assert.False(File.Exists(Path.Combine(_scratch, "evil.sh")));
    }

    [SkippableFact]
    public async Task TensorOfTheWrongShape_FailsNamingTheTensor()
    {
        CopyDiffusers(Source);
        await RewriteUNetTensorAsync("conv_in.weight", shape: [32, 36]);

        await AssertImportFailsAsync<ModelConversionException>("conv_in.weight");
    }

    [SkippableFact]
    public async Task MissingTensor_FailsNamingTheTensor()
    {
        CopyDiffusers(Source);
        await RewriteUNetTensorAsync("conv_out.bias", shape: null);

        await AssertImportFailsAsync<ModelConversionException>("conv_out.bias");
    }

    [SkippableFact]
    public async Task ConfigThatIsNotJson_FailsNamingIt()
    {
        CopyDiffusers(Source);
        await File.WriteAllTextAsync(Path.Combine(Source, "unet", "config.json"), "{ not json");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelImporter.ImportAsync(Source, Path.Combine(_scratch, "out")));

        Assert.True(error is ModelConversionException or Engine.Models.ModelConfigException or JsonException, error.ToString());
        AssertNothingLeft();
    }

    private async Task<TException> AssertImportFailsAsync<TException>(string named)
        where TException : Exception
    {
        var error = await Assert.ThrowsAsync<TException>(() => ModelImporter.ImportAsync(Source, Path.Combine(_scratch, "out")));
        Assert.True(error.Message.Contains(named, StringComparison.Ordinal), $"Expected '{named}' in: {error.Message}");
        AssertNothingLeft();
        return error;
    }

    private void AssertNothingLeft()
    {
        Assert.Equal(new[] { "source" }, Directory.GetFileSystemEntries(_scratch).Select(Path.GetFileName));
        Assert.False(File.Exists(Marker));
    }

    // Rewrites the U-Net's safetensors with one tensor given another shape (its bytes cut or padded to match), or dropped.
    private async Task RewriteUNetTensorAsync(string name, long[]? shape)
    {
        using var source = WeightFiles.Open(UNetSafetensors);
        var builder = new SafetensorsBuilder();
        foreach (var tensor in source.Tensors)
        {
            if (tensor.Name == name && shape is null)
            {
                continue;
            }

            var tensorShape = tensor.Name == name ? shape! : [.. tensor.Shape];
            var values = new float[checked((int)tensorShape.Aggregate(1L, (a, b) => a * b))];
            if (tensor.Name != name)
            {
                source.ReadFloat32(tensor.Name, values);
            }

            builder.AddF32(tensor.Name, tensorShape, values);
        }

        var bytes = builder.Build();
        source.Dispose();
        await File.WriteAllBytesAsync(UNetSafetensors, bytes);
    }
}
