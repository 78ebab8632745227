using System.Globalization;
using System.Text.Json;
using Engine.Imaging;
using Engine.Models;
using Engine.Numerics;
using Engine.Pipelines;
using Engine.Tests.Support;

namespace Benchmarks;

/// <summary>
/// Runs the recorded reference generations (A1111's Euler run and diffusers' PNDM run on tiny-sd2) on whatever provider
/// is active and reports how far the pixels are from the references: the CUDA path's correctness check on a GPU machine.
/// </summary>
internal static class ReferenceCheck
{
    public static IReadOnlyList<string> Run(LoadedModel model, string fixtures, string provider)
    {
        var lines = new List<string>();
        var pipeline = GenerationPipelineFactory.Create(model, new GenerationPipelineOptions { Version = "v1.10.1" });

        var a1111 = Path.Combine(fixtures, "reference", "tiny-sd2", "a1111", "euler_eps");
        using (var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(a1111, "meta.json"))))
        {
            var root = meta.RootElement;
            var result = pipeline.Run(new GenerationRequest
            {
                Prompt = root.GetProperty("prompt").GetString()!,
                NegativePrompt = root.GetProperty("negative_prompt").GetString()!,
                SamplerName = root.GetProperty("sampler").GetString()!,
                Steps = root.GetProperty("steps").GetInt32(),
                CfgScale = root.GetProperty("cfg_scale").GetDouble(),
                Seed = root.GetProperty("seed").GetInt64(),
                Width = 256,
                Height = 256,
                RngSource = RandomSource.Cpu,
            });
            var infotextMatches = result.Images[0].Infotext == File.ReadAllText(Path.Combine(a1111, "infotext.txt")).TrimEnd('\n');
            lines.Add(Report("a1111/euler_eps", provider, a1111, result) + (infotextMatches ? ", infotext identical" : ", INFOTEXT DIFFERS"));
        }

        var pndm = Path.Combine(fixtures, "reference", "tiny-sd2", "txt2img", "pndm_eps");
        using (var tokens = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "reference", "tiny-sd2", "text", "tokens.json"))))
        {
            var result = pipeline.Run(new GenerationRequest
            {
                Prompt = tokens.RootElement.GetProperty("cond").GetProperty("text").GetString()!,
                NegativePrompt = tokens.RootElement.GetProperty("uncond").GetProperty("text").GetString()!,
                SamplerName = "Default",
                Steps = 12,
                CfgScale = 7.5,
                Seed = 1234,
                Width = 256,
                Height = 256,
                RngSource = RandomSource.Cpu,
            });
            lines.Add(Report("txt2img/pndm_eps (Default)", provider, pndm, result));
        }

        return lines;
    }

    private static string Report(string name, string provider, string folder, GenerationResult result)
    {
        var expected = ImageTensors.ToRgbImages(NpyArray.Load(Path.Combine(folder, "image.npy")).AsFloats(), 1, 256, 256, PixelConvention.A1111)[0];
        var actual = result.Images[0].Image.Pixels;
        var worst = expected.Pixels.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        var differing = expected.Pixels.Zip(actual, (a, b) => a != b).Count(d => d);
        return string.Create(CultureInfo.InvariantCulture,
            $"reference {name} on {provider}: largest pixel difference {worst} level(s), {differing} of {actual.Length} channel values differ");
    }
}
