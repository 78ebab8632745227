using Engine.Demo;
using Engine.Models;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.TextEncoding;
using Engine.Tokenization;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Demo;

/// <summary>The demo model's generated tokenizer and text encoder driven by the real CLIP tokenizer and prompt encoder.</summary>
public sealed class DemoModelTextPathTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("demo-text-");

    public DemoModelTextPathTests() => DemoModelWriter.Write(Path.Combine(_root.FullName, "demo"), new DemoModelOptions());

    [Theory]
    [InlineData("red circle, blue background")]
    [InlineData("Masterpiece, best quality, girl, PINK hair")]
    [InlineData("  a   cat\ton the\nsky  ")]
    public void ClipTokenizer_DemoVocabulary_AgreesWithTheGeneratorsBpe(string prompt)
    {
        var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(_root.FullName, "demo", "tokenizer"));
        var vocabulary = DemoVocabulary.Instance;
        var expected = ClipTextNormalizer.Normalize(prompt)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(SplitPunctuation)
            .SelectMany(word => vocabulary.Bpe(word))
            .Select(vocabulary.IdOf)
            .ToArray();

        Assert.Equal(expected, tokenizer.Encode(prompt));
        Assert.Equal(vocabulary.BosId, tokenizer.StartTokenId);
        Assert.Equal(vocabulary.EosId, tokenizer.EndTokenId);
        Assert.Equal(0, tokenizer.PadTokenId);
    }

    [Fact]
    public void PromptEncoder_DemoModel_EqualsDemoModelMathHiddenStates()
    {
        var options = new EngineOptions { ModelsPath = _root.FullName };
        using var loader = new ModelLoader(
            CatalogFactory.Create(_root.FullName), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());
        var encoder = PromptEncoderFactory.Create(loader.Load("demo"));
        var tokenized = encoder.Tokenize("red circle, blue background");

        var embedding = encoder.Encode("red circle, blue background");

        var ids = Array.ConvertAll(tokenized.Chunks[0].InputIds, id => (long)id);
        var expected = DemoModelMath.HiddenStates(ids);
        Assert.Equal(expected.Length, embedding.HiddenStates.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], embedding.HiddenStates[i], 5);
        }
    }

    public void Dispose() => _root.Delete(recursive: true);

    // CLIP's pre-tokenizer separates letters from punctuation and digits; the demo prompts only need commas split off.
    private static IEnumerable<string> SplitPunctuation(string word) =>
        word.EndsWith(',') ? [word[..^1], ","] : [word];
}
