using Engine.Models;
using Engine.Onnx;
using Engine.Tests.Onnx;
using Engine.Tests.Support;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Models;

public sealed class ModelLoaderTests
{
    [SkippableFact]
    public void Load_SameIdTwice_ReturnsSameLoadedModel()
    {
        using var loader = CreateLoader(new EngineOptions { ModelsPath = Fixtures.Require() });

        var first = loader.Load("tiny-sd2");

        Assert.Same(first, loader.Load("tiny-sd2"));
        Assert.NotNull(first.VaeEncoder);
        Assert.False(first.UNet.IsLoaded);
    }

    [SkippableFact]
    public void Load_OtherModel_DisposesPreviousSessions()
    {
        using var loader = CreateLoader(new EngineOptions { ModelsPath = Fixtures.Require() });
        var first = loader.Load("tiny-sd2");
        using (first.TextEncoder.Acquire())
        {
        }

        var second = loader.Load("tiny-sd2-v");

        Assert.NotSame(first, second);
        Assert.False(first.TextEncoder.IsLoaded);
        Assert.Throws<ObjectDisposedException>(() => first.TextEncoder.Acquire());
        Assert.Same(second, loader.Current);
    }

    [SkippableFact]
    public void Load_UnloadFlags_ApplyPerComponent()
    {
        using var loader = CreateLoader(new EngineOptions { ModelsPath = Fixtures.Require(), UnloadTextEncoderAfterUse = true, UnloadVaeAfterUse = true });

        var model = loader.Load("tiny-sd2");

        Assert.True(model.TextEncoder.UnloadAfterUse);
        Assert.False(model.UNet.UnloadAfterUse);
        Assert.True(model.VaeDecoder.UnloadAfterUse);
        Assert.True(model.VaeEncoder!.UnloadAfterUse);
        using (model.TextEncoder.Acquire())
        {
        }

        Assert.False(model.TextEncoder.IsLoaded);
    }

    [SkippableFact]
    public void Load_BrokenModel_ThrowsWithProblems()
    {
        using var temp = new TempModelsFolder();
        using var loader = LoaderWithout(temp, "broken", "unet/model.onnx");

        var ex = Assert.Throws<InvalidOperationException>(() => loader.Load("broken"));

        Assert.Contains("unet/model.onnx: the file is missing.", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Session_WithoutVaeEncoder_ThrowsNotSupported()
    {
        using var temp = new TempModelsFolder();
        using var loader = LoaderWithout(temp, "noenc", "vae_encoder/model.onnx");

        var model = loader.Load("noenc");

        Assert.Null(model.VaeEncoder);
        Assert.Throws<NotSupportedException>(() => model.Session(ModelComponent.VaeEncoder));
    }

    /// <summary>A loader over <paramref name="temp"/> holding a copy of tiny-sd2 named <paramref name="id"/> without <paramref name="file"/>.</summary>
    private static ModelLoader LoaderWithout(TempModelsFolder temp, string id, string file)
    {
        temp.CopyFixture("tiny-sd2", id);
        File.Delete(temp.PathOf(id, file));
        return CreateLoader(new EngineOptions { ModelsPath = temp.Root });
    }

    private static ModelLoader CreateLoader(EngineOptions options)
    {
        options.ExecutionProvider = ExecutionProviderKind.Cpu;
        var wrapped = Options.Create(options);
        return new ModelLoader(CatalogFactory.Create(options.ModelsPath), SessionFactoryHelper.Cpu(options), wrapped, new ListLogger<ModelLoader>());
    }
}
