using Engine.Models;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.Tests.Support;
using Engine.TextEncoding;
using Microsoft.Extensions.Options;

namespace Engine.Tests.TextEncoding;

/// <summary>Prompt text through the exported text encoder, compared with the diffusers and AUTOMATIC1111 references.</summary>
public sealed class PromptEncoderConformanceTests
{
    // ONNX Runtime reproduces the PyTorch reference to about 2e-5 of the value range.
    private const double Tolerance = 1e-4;

    [SkippableTheory]
    [InlineData("tiny-sd2", "cond")]
    [InlineData("tiny-sd2", "uncond")]
    [InlineData("tiny-sd2-v", "cond")]
    [InlineData("tiny-sd2-v", "uncond")]
    public void Encode_DiffusersPromptPair_EqualsDiffusersLastHiddenState(string modelId, string key)
    {
        var text = TokensJsonText(key);
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "text", key + "_last_hidden_state.npy")).AsFloats();
        using var loader = Loader();

        var embedding = PromptEncoderFactory.Create(loader.Load(modelId)).Encode(text);

        Assert.Equal(77, embedding.TokenCount);
        Assert.Equal(32, embedding.HiddenSize);
        PromptEncoderTests.AssertClose(expected, embedding.HiddenStates, Tolerance);
    }

    [SkippableTheory]
    [InlineData("tiny-sd2", "prompt", "cond.npy")]
    [InlineData("tiny-sd2", "negative", "uncond.npy")]
    [InlineData("tiny-sd2-v", "prompt", "cond.npy")]
    public void Encode_WeightedPrompt_EqualsA1111Conditioning(string modelId, string key, string expectedFile)
    {
        var text = A1111Text(key);
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", expectedFile)).AsFloats();
        using var loader = Loader();

        var embedding = PromptEncoderFactory.Create(loader.Load(modelId)).Encode(text);

        PromptEncoderTests.AssertClose(expected, embedding.HiddenStates, Tolerance);
    }

    [SkippableFact]
    public void Encode_LongPrompt_EachChunkEqualsItsOwnEncoding()
    {
        using var loader = Loader();
        var encoder = PromptEncoderFactory.Create(loader.Load("tiny-sd2"));
        var first = string.Join(' ', Enumerable.Repeat("cat", 75));
        var embedding = encoder.Encode(first + " BREAK dog");
        var alone = encoder.Encode("dog");

        Assert.Equal(154, embedding.TokenCount);
        PromptEncoderTests.AssertClose(alone.HiddenStates, embedding.HiddenStates[(77 * 32)..], 1e-6);
    }

    private static ModelLoader Loader()
    {
        var options = new EngineOptions { ModelsPath = Fixtures.Require() };
        return new ModelLoader(
            CatalogFactory.Create(options.ModelsPath), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());
    }

    private static string TokensJsonText(string key)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "text", "tokens.json")));
        return doc.RootElement.GetProperty(key).GetProperty("text").GetString()!;
    }

    private static string A1111Text(string key)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "a1111", "text", key + ".json")));
        return doc.RootElement.GetProperty("text").GetString()!;
    }
}
