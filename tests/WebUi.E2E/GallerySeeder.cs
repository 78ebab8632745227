using System.Globalization;
using Engine.Imaging;
using WebUi.Data;

namespace WebUi.E2E;

/// <summary>
/// Fills a data folder with a large gallery for the UI benchmarks, the way the app leaves one: a PNG per image under
/// outputs/, a LiteDB record with a prompt, infotext and a 256-pixel thumbnail of realistic size. Prompts
/// mix common words with a tag shared by ten images (<c>tagNNN</c>), so searches can match many or few.
/// </summary>
internal static class GallerySeeder
{
    public const int ImagesPerTag = 10;

    private static readonly string[] s_words =
    [
        "red", "blue", "green", "yellow", "white", "black", "circle", "square", "triangle", "background", "masterpiece",
        "best quality", "1girl", "solo", "long hair", "smile", "looking at viewer", "school uniform", "sky", "cloud",
        "cherry blossoms", "night", "city", "street", "rain", "umbrella", "cat", "dog", "forest", "river", "mountain",
        "sunset", "anime", "manga", "illustration", "detailed", "portrait", "upper body", "outdoors", "indoors",
    ];

    private static readonly string[] s_samplers = ["DPM++ 2M", "Euler a", "Euler", "DDIM", "UniPC"];

    /// <summary>Writes <paramref name="count"/> images into <paramref name="dataPath"/>, newest last.</summary>
    public static void Seed(string dataPath, int count)
    {
        var random = new Random(1234);
        var thumbnails = Enumerable.Range(0, 8).Select(i => Thumbnails.Create(NoisyGradient(512, 512, random))).ToArray();
        var png = PngWriter.Encode(NoisyGradient(512, 512, random));
        var start = DateTime.UtcNow.AddDays(-count / 100.0);
        using var store = new LiteDbGalleryStore(dataPath);
        for (var i = 0; i < count; i++)
        {
            var createdAt = start.AddMinutes(i * 14.4);
            var day = createdAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var relative = string.Create(CultureInfo.InvariantCulture, $"outputs/txt2img-images/{day}/{i:D5}-{i}.png");
            var full = Path.Combine(dataPath, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, png);

            var prompt = string.Join(", ", Enumerable.Range(0, random.Next(8, 20)).Select(_ => s_words[random.Next(s_words.Length)]))
                + string.Create(CultureInfo.InvariantCulture, $", tag{i / ImagesPerTag:D3}");
            var sampler = s_samplers[i % s_samplers.Length];
            var infotext = string.Create(CultureInfo.InvariantCulture,
                $"{prompt}\nNegative prompt: lowres, bad anatomy\nSteps: 20, Sampler: {sampler}, Schedule type: Karras, CFG scale: 7, Seed: {i}, Size: 512x512, Model: demo, Version: v1.0.0");
            store.Add(
                new GalleryItem
                {
                    RelativePath = relative,
                    Prompt = prompt,
                    NegativePrompt = "lowres, bad anatomy",
                    SamplerName = sampler,
                    ScheduleType = "Karras",
                    Steps = 20,
                    CfgScale = 7,
                    Width = 512,
                    Height = 512,
                    Seed = i,
                    Subseed = i,
                    ModelId = "demo",
                    Infotext = infotext,
                    CreatedAt = createdAt,
                    IsFavourite = i % 20 == 0,
                },
                thumbnails[i % thumbnails.Length]);
            if (i % 50 == 0)
            {
                store.RecordPrompt(prompt, "lowres, bad anatomy", createdAt);
            }
        }
    }

    // A gradient with noise: compresses about as badly as a real picture, so thumbnails have a realistic size.
    private static RgbImage NoisyGradient(int width, int height, Random random)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 3;
                image.Pixels[o] = (byte)Math.Clamp((x * 255 / width) + random.Next(-24, 25), 0, 255);
                image.Pixels[o + 1] = (byte)Math.Clamp((y * 255 / height) + random.Next(-24, 25), 0, 255);
                image.Pixels[o + 2] = (byte)Math.Clamp(128 + random.Next(-24, 25), 0, 255);
            }
        }

        return image;
    }
}
