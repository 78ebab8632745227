using Engine;
using Engine.Demo;
using Engine.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

/// <summary>Which tokenizer a single-file checkpoint gets when none is named: beside it, else an installed real model's.</summary>
public sealed class InstalledTokenizerTests : IDisposable
{
    private readonly ImportTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void For_NoTokenizerBeside_TakesAnInstalledRealModelsTokenizerNeverTheDemos()
    {
        DemoModelWriter.Write(Path.Combine(_folder.ModelsPath, "demo"), new DemoModelOptions());
        ImportTestFolder.CopyFolder(Engine.Tests.Support.Fixtures.Path_("tiny-sd2"), Path.Combine(_folder.ModelsPath, "tiny"));
        var checkpoint = _folder.WriteFile("anime.safetensors");

        var tokenizer = InstalledTokenizer.For(checkpoint, Catalog().Models);

        Assert.Equal(Path.Combine(_folder.ModelsPath, "tiny", "tokenizer"), tokenizer);
    }

    [Fact]
    public void For_OnlyTheDemoModel_FindsNone()
    {
        DemoModelWriter.Write(Path.Combine(_folder.ModelsPath, "demo"), new DemoModelOptions());
        var checkpoint = _folder.WriteFile("anime.safetensors");

        Assert.Null(InstalledTokenizer.For(checkpoint, Catalog().Models));
    }

    [SkippableFact]
    public void For_TokenizerBesideTheFile_LeavesItToTheImporter()
    {
        ImportTestFolder.CopyFolder(Engine.Tests.Support.Fixtures.Path_("tiny-sd2"), Path.Combine(_folder.ModelsPath, "tiny"));
        var checkpoint = _folder.WriteFile("mine/anime.safetensors");
        _folder.WriteFile("mine/tokenizer/vocab.json");
        _folder.WriteFile("mine/tokenizer/merges.txt");

        Assert.Null(InstalledTokenizer.For(checkpoint, Catalog().Models));
    }

    private ModelCatalog Catalog() =>
        new(Options.Create(new EngineOptions { ModelsPath = _folder.ModelsPath }), NullLogger<ModelCatalog>.Instance);
}
