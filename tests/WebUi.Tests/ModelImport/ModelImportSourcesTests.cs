using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

public sealed class ModelImportSourcesTests : IDisposable
{
    private readonly ImportTestFolder _folder = new();

    [Fact]
    public void List_FindsPipelineFoldersAndCheckpoints_AndSkipsHiddenStagingInstalledAndPipelineInsides()
    {
        // A diffusers pipeline (its own component weights are not offered separately).
        Directory.CreateDirectory(Path.Combine(_folder.ModelsPath, "sd-diffusers", "text_encoder"));
        Directory.CreateDirectory(Path.Combine(_folder.ModelsPath, "sd-diffusers", "vae"));
        _folder.WriteFile("sd-diffusers/model_index.json");
        _folder.WriteFile("sd-diffusers/unet/diffusion_pytorch_model.safetensors", 100);
        // Single files, at the top and one folder down; other extensions are not sources.
        _folder.WriteFile("anime.safetensors", 1000);
        _folder.WriteFile("old/v1-5.CKPT", 10);
        _folder.WriteFile("notes.txt");
        // Hidden: the download cache and an import's staging folder.
        _folder.WriteFile(".downloads/owner--name/model.safetensors");
        _folder.WriteFile(".new.converting-0123/unet/model.safetensors");
        // An installed ONNX model is not a source, nor anything inside it.
        _folder.WriteFile("installed/model_index.json");
        _folder.WriteFile("installed/unet/model.onnx");
        _folder.WriteFile("installed/extra.safetensors");

        var sources = ModelImportSources.List(_folder.ModelsPath);

        Assert.Equal(["anime.safetensors", "old/v1-5.CKPT", "sd-diffusers"], sources.Select(s => s.RelativePath));
        Assert.Equal(
            [ModelImportSourceKind.Checkpoint, ModelImportSourceKind.Checkpoint, ModelImportSourceKind.DiffusersFolder],
            sources.Select(s => s.Kind));
        Assert.Equal(1000, sources[0].SizeBytes);
        Assert.Equal(116, sources[2].SizeBytes);
        Assert.All(sources, s => Assert.StartsWith(_folder.ModelsPath + Path.DirectorySeparatorChar, s.FullPath, StringComparison.Ordinal));
        Assert.Equal("anime", sources[0].SuggestedName);
        Assert.Equal("sd-diffusers", sources[2].SuggestedName);
    }

    [Fact]
    public void List_LinkLeadingOutOfTheModelsFolder_IsNotListed()
    {
        var outside = Directory.CreateTempSubdirectory("webui-outside-");
        try
        {
            File.WriteAllBytes(Path.Combine(outside.FullName, "secret.safetensors"), [1, 2, 3]);
            File.CreateSymbolicLink(Path.Combine(_folder.ModelsPath, "linked.safetensors"), Path.Combine(outside.FullName, "secret.safetensors"));
            Directory.CreateSymbolicLink(Path.Combine(_folder.ModelsPath, "linked-folder"), outside.FullName);
            _folder.WriteFile("inside.safetensors");
            File.CreateSymbolicLink(Path.Combine(_folder.ModelsPath, "alias.safetensors"), Path.Combine(_folder.ModelsPath, "inside.safetensors"));

            var sources = ModelImportSources.List(_folder.ModelsPath);

            Assert.Equal(["alias.safetensors", "inside.safetensors"], sources.Select(s => s.RelativePath));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void List_PipelineFolderWithAComponentLinkedOutside_IsNotListed()
    {
        var outside = Directory.CreateTempSubdirectory("webui-outside-");
        try
        {
            var linked = _folder.CopyTinyPipeline("linked-unet");
            _folder.CopyTinyPipeline("whole");
            ImportTestFolder.CopyFolder(Path.Combine(linked, "unet"), Path.Combine(outside.FullName, "unet"));
            Directory.Delete(Path.Combine(linked, "unet"), recursive: true);
            Directory.CreateSymbolicLink(Path.Combine(linked, "unet"), Path.Combine(outside.FullName, "unet"));

            var sources = ModelImportSources.List(_folder.ModelsPath);

            Assert.Equal(["whole"], sources.Select(s => s.RelativePath));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("../outside.safetensors")]
    [InlineData("/etc/passwd")]
    [InlineData("notes.txt")]
    [InlineData(".downloads/owner--name/model.safetensors")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_PathThatIsNotListed_IsNull(string? path)
    {
        _folder.WriteFile("notes.txt");
        _folder.WriteFile(".downloads/owner--name/model.safetensors");
        File.WriteAllBytes(Path.Combine(_folder.Root, "outside.safetensors"), [1]);

        Assert.Null(ModelImportSources.Find(_folder.ModelsPath, path));
    }

    [Fact]
    public void Find_ListedPath_GivesTheSource()
    {
        _folder.WriteFile("a/b.safetensors", 5);

        var source = ModelImportSources.Find(_folder.ModelsPath, "a/b.safetensors");

        Assert.NotNull(source);
        Assert.Equal(Path.Combine(_folder.ModelsPath, "a", "b.safetensors"), source.FullPath);
        Assert.True(source.IsCheckpoint);
    }

    [Fact]
    public void List_MissingModelsFolder_IsEmpty() =>
        Assert.Empty(ModelImportSources.List(Path.Combine(_folder.Root, "nope")));

    [Fact]
    public void Inspect_CommandLinePaths_RelativeToTheModelsFolderOrAbsolute()
    {
        _folder.WriteFile("x.safetensors");
        var outsideFile = Path.Combine(_folder.Root, "y.ckpt");
        File.WriteAllBytes(outsideFile, [1]);

        Assert.Equal("x.safetensors", ModelImportSources.Inspect(_folder.ModelsPath, "x.safetensors", out _)?.RelativePath);
        Assert.Equal(outsideFile, ModelImportSources.Inspect(_folder.ModelsPath, outsideFile, out _)?.FullPath);
        Assert.Null(ModelImportSources.Inspect(_folder.ModelsPath, "missing", out var missing));
        Assert.Contains("does not exist", missing!.ToString(), StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_folder.ModelsPath, "empty"));
        Assert.Null(ModelImportSources.Inspect(_folder.ModelsPath, "empty", out var notPipeline));
        Assert.Contains("is not a diffusers pipeline folder", notPipeline!.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
