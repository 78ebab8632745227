using System.Text.Json;
using Engine.Models;
using Engine.Numerics;
using Engine.Pipelines;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Support;

/// <summary>
/// The txt2img run diffusers recorded on tiny-sd2 (<c>reference/tiny-sd2/txt2img</c>) and what the tests that repeat it
/// on a models folder need: the request on the fixture's prompt tokens, a CPU model loader and the pixel comparison.
/// </summary>
internal static class TinySd2Txt2Img
{
    /// <summary>
    /// diffusers' recorded request: the fixture's conditional and unconditional prompts, the model's default sampler,
    /// 12 steps, CFG 7.5, seed 1234, 256×256, CPU noise.
    /// </summary>
    public static GenerationRequest Request() => new()
    {
        Prompt = TokensText("cond"),
        NegativePrompt = TokensText("uncond"),
        SamplerName = "Default",
        Steps = 12,
        CfgScale = 7.5,
        Seed = 1234,
        Width = 256,
        Height = 256,
        RngSource = RandomSource.Cpu,
    };

    /// <summary>The prompt text recorded under <paramref name="key"/> (<c>cond</c> or <c>uncond</c>) in the fixture's tokens.json.</summary>
    public static string TokensText(string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "text", "tokens.json")));
        return doc.RootElement.GetProperty(key).GetProperty("text").GetString()!;
    }

    /// <summary>A model loader on CPU sessions over the models folder <paramref name="modelsRoot"/>.</summary>
    public static ModelLoader CpuLoader(string modelsRoot)
    {
        var options = new EngineOptions { ModelsPath = modelsRoot };
        return new ModelLoader(CatalogFactory.Create(modelsRoot), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());
    }

    /// <summary>The largest difference, in 8-bit levels, between two images' channel values (asserted to be as many).</summary>
    public static int MaxLevelDifference(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
    }
}
