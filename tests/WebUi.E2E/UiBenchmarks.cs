using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using WebUi.Data;
using Xunit.Abstractions;

namespace WebUi.E2E;

/// <summary>
/// Measurements for docs/benchmarks.md, not tests: they assert nothing about time and run only when
/// <c>RUN_UI_BENCHMARKS=1</c>. Browser times are taken inside the page (performance.now(), to a frame) from the
/// user's click or input, or from the navigation's start; store times with a stopwatch in this process. Results go to
/// the test output and to TestResults/ui-benchmarks.txt.
/// <code>RUN_UI_BENCHMARKS=1 dotnet test tests/WebUi.E2E --filter UiBenchmarks --logger "console;verbosity=detailed"</code>
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UiBenchmarks
{
    private const int Runs = 7;

    // Feedback after a click on Generate: the first of queue position or progress bar, and the first "Step x/N".
    private const string ClickToProgressScript = """
        () => {
            window.__bench = { t0: null, feedback: null, step: null };
            document.addEventListener('click', e => {
                if (e.target.closest('#generate')) window.__bench = { t0: performance.now(), feedback: null, step: null };
            }, true);
            new MutationObserver(() => {
                const b = window.__bench;
                if (b.t0 === null) return;
                const elapsed = performance.now() - b.t0;
                if (b.feedback === null && document.querySelector('#queue-position, #progress-bar')) b.feedback = elapsed;
                if (b.step === null && /\d+\/\d+/.test(document.querySelector('#progress-text')?.textContent ?? '')) b.step = elapsed;
            }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    // The moment an event of the given type first reaches an element inside the selector (capture phase).
    private const string MarkEventScript = """
        ([type, selector]) => {
            window.__t0 = null;
            document.addEventListener(type, e => { if (window.__t0 === null && e.target.closest(selector)) window.__t0 = performance.now(); }, true);
        }
        """;

    // Truthy (the time) once every thumbnail in the viewport has loaded and the first card is not `previousFirstId`.
    private const string GridReadyScript = """
        previousFirstId => {
            const cards = document.querySelectorAll('#gallery-grid .gallery-card');
            if (cards.length === 0 || cards[0].dataset.id === previousFirstId) return false;
            const visible = [...document.querySelectorAll('#gallery-grid img')].filter(i => {
                const r = i.getBoundingClientRect();
                return r.top < innerHeight && r.bottom > 0;
            });
            return visible.length > 0 && visible.every(i => i.complete && i.naturalWidth > 0) ? performance.now() : false;
        }
        """;

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public UiBenchmarks(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private static int GalleryImages =>
        int.TryParse(Environment.GetEnvironmentVariable("UI_BENCHMARK_GALLERY_IMAGES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 5000;

    [SkippableFact]
    public async Task ClickToFirstProgress_DemoModel()
    {
        SkipUnlessEnabled();
        await using var server = await AppServer.StartAsync();
        await using var context = await _fixture.NewContextAsync(server);
        var page = await Txt2ImgForm.OpenAsync(context);
        await page.EvaluateAsync(ClickToProgressScript);

        foreach (var steps in new[] { 20, 150 })
        {
            var feedback = new List<double>();
            var firstStep = new List<double>();
            var missed = 0;
            for (var run = 0; run <= Runs; run++)
            {
                await Assertions.Expect(page.Locator("#generate")).ToBeEnabledAsync();
                var prompt = string.Create(CultureInfo.InvariantCulture, $"red circle, blue background, run {steps}-{run}");
                await Txt2ImgForm.GenerateAsync(page, prompt, Txt2ImgForm.ShortJob with { Steps = steps }, seed: run);
                await Txt2ImgForm.ExpectResultAsync(page, prompt);
                var bench = await page.EvaluateAsync<ClickTimes>("() => window.__bench");
                if (run == 0)
                {
                    continue; // warm-up: the first job loads the model's sessions
                }

                feedback.Add(bench.Feedback ?? double.NaN);
                if (bench.Step is { } step)
                {
                    firstStep.Add(step);
                }
                else
                {
                    missed++;
                }
            }

            Report($"click → first feedback (queue/progress bar), demo 512×512, {steps} steps: median {Median(feedback):F0} ms of {feedback.Count} ({List(feedback)})");
            Report($"click → first 'Step x/{steps}' shown, demo 512×512, {steps} steps: median {Median(firstStep):F0} ms of {firstStep.Count} ({List(firstStep)}); never shown in {missed} run(s)");
        }
    }

    [SkippableFact]
    public async Task Gallery_ManyImages_PageAndSearchTimes()
    {
        SkipUnlessEnabled();
        var count = GalleryImages;
        var root = AppServer.NewRoot();
        var data = Path.Combine(root, "data");
        var clock = Stopwatch.StartNew();
        GallerySeeder.Seed(data, count);
        Report($"seeded {count} images in {clock.Elapsed.TotalSeconds:F1} s; gallery.db {new FileInfo(Path.Combine(data, LiteDbGalleryStore.FileName)).Length / 1048576.0:F1} MiB");

        // Opening builds the in-memory index from every record: the gallery's start-up cost.
        var opens = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            clock.Restart();
            using (new LiteDbGalleryStore(data))
            {
                opens.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        Report($"store, {count} images: open (builds the index): first {opens[0]:F0} ms, then median {Median(opens[1..]):F0} ms ({List(opens[1..])})");
        using (var store = new LiteDbGalleryStore(data))
        {
            var thumbnails = Enumerable.Range(1, 48).Select(id => store.GetThumbnail(id)).OfType<byte[]>().ToList();
            Report($"store: thumbnails ({ThumbnailMediaType.Of(thumbnails[0])}) {thumbnails.Average(t => t.Length) / 1024:F1} kB on average; a page of 48: {thumbnails.Sum(t => t.Length) / 1048576.0:F2} MiB");
            var lastPage = (count - 1) / 48 * 48;
            var tag = string.Create(CultureInfo.InvariantCulture, $"tag{count / GallerySeeder.ImagesPerTag / 2:D3}");
            MeasureStore(store, "page 1 (48 newest)", new GalleryQuery { Take = 48 });
            MeasureStore(store, "page 50", new GalleryQuery { Skip = 49 * 48, Take = 48 });
            MeasureStore(store, "last page", new GalleryQuery { Skip = lastPage, Take = 48 });
            MeasureStore(store, "search 'red' (common word)", new GalleryQuery { Text = "red", Take = 48 });
            MeasureStore(store, $"search '{tag}' (10 matches)", new GalleryQuery { Text = tag, Take = 48 });
            MeasureStore(store, $"search 'cat {tag}'", new GalleryQuery { Text = "cat " + tag, Take = 48 });
            MeasureStore(store, "favourites only", new GalleryQuery { FavouritesOnly = true, Take = 48 });
            MeasureStore(store, "sampler filter", new GalleryQuery { SamplerName = "Euler", Take = 48 });
        }

        await using var server = await AppServer.StartInAsync(root);
        await using var context = await _fixture.NewContextAsync(server);
        var page = await context.NewPageAsync();
        var grid = new List<double>();
        var interactive = new List<double>();
        var lastPageTimes = new List<double>();
        var rareSearch = new List<double>();
        var commonSearch = new List<double>();
        var pages = (count + 47) / 48;
        for (var run = 0; run <= Runs; run++)
        {
            await page.GotoAsync("/gallery");
            var gridAt = await WaitNumberAsync(page, GridReadyScript, "");
            await AppPage.WaitInteractiveAsync(page);
            var interactiveAt = await page.EvaluateAsync<double>("() => performance.now()");

            // The last page, by its number in the pager.
            var firstId = await page.Locator("#gallery-grid .gallery-card").First.GetAttributeAsync("data-id");
            await page.EvaluateAsync(MarkEventScript, new[] { "click", "#gallery-pagination" });
            await page.Locator("#gallery-pagination").GetByText(pages.ToString(CultureInfo.InvariantCulture), new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            var lastPageAt = await WaitNumberAsync(page, GridReadyScript, firstId!);
            var lastPageStart = await page.EvaluateAsync<double>("() => window.__t0");

            // Searches (the field waits 300 ms after the last keystroke before it asks).
            var tag = string.Create(CultureInfo.InvariantCulture, $"tag{(run * 37) % (count / GallerySeeder.ImagesPerTag):D3}");
            var rare = await SearchAsync(page, tag);
            var common = await SearchAsync(page, "red");
            if (run == 0)
            {
                continue; // warm-up
            }

            grid.Add(gridAt);
            interactive.Add(interactiveAt);
            lastPageTimes.Add(lastPageAt - lastPageStart);
            rareSearch.Add(rare);
            commonSearch.Add(common);
        }

        Report($"browser, {count} images: navigation start → page 1 grid with visible thumbnails loaded: median {Median(grid):F0} ms ({List(grid)})");
        Report($"browser, {count} images: navigation start → interactive (circuit up): median {Median(interactive):F0} ms ({List(interactive)})");
        Report($"browser, {count} images: click page {pages} → its grid with visible thumbnails loaded: median {Median(lastPageTimes):F0} ms ({List(lastPageTimes)})");
        Report($"browser, {count} images: type a tag (10 matches) → grid updated, incl. 300 ms debounce: median {Median(rareSearch):F0} ms ({List(rareSearch)})");
        Report($"browser, {count} images: type 'red' (common) → grid updated, incl. 300 ms debounce: median {Median(commonSearch):F0} ms ({List(commonSearch)})");
        await Screenshots.SaveAsync(page, "gallery-5000", "desktop-en");
    }

    private static void SkipUnlessEnabled() =>
        Skip.IfNot(Environment.GetEnvironmentVariable("RUN_UI_BENCHMARKS") == "1", "UI benchmarks run only with RUN_UI_BENCHMARKS=1 (they measure, they do not test).");

    private static async Task<double> SearchAsync(IPage page, string text)
    {
        var firstId = await page.Locator("#gallery-grid .gallery-card").First.GetAttributeAsync("data-id");
        var countText = await page.Locator("#gallery-count").TextContentAsync();
        await page.EvaluateAsync(MarkEventScript, new[] { "input", "#gallery-search" });
        await page.Locator("#gallery-search").FillAsync(text);
        await Assertions.Expect(page.Locator("#gallery-count")).Not.ToHaveTextAsync(countText!, new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        var at = await WaitNumberAsync(page, GridReadyScript, firstId!);
        return at - await page.EvaluateAsync<double>("() => window.__t0");
    }

    private static async Task<double> WaitNumberAsync(IPage page, string script, string argument)
    {
        var handle = await page.WaitForFunctionAsync(script, argument, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return await handle.JsonValueAsync<double>();
    }

    private void MeasureStore(LiteDbGalleryStore store, string name, GalleryQuery query)
    {
        var clock = Stopwatch.StartNew();
        var page = store.Query(query);
        var cold = clock.Elapsed.TotalMilliseconds;
        var warm = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            clock.Restart();
            store.Query(query);
            warm.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report($"store, {store.Count()} images: {name}: {page.Items.Count} of {page.TotalCount}; first {cold:F1} ms, then median {Median(warm):F1} ms");
    }

    private void Report(FormattableString message)
    {
        var line = FormattableString.Invariant(message);
        _output.WriteLine(line);
        var file = Path.Combine(BrowserFixture.ScreenshotDirectory, "..", "ui-benchmarks.txt");
        File.AppendAllText(file, $"{DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture)} {line}\n");
    }

    private static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string List(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private sealed class ClickTimes
    {
        public double? T0 { get; set; }

        public double? Feedback { get; set; }

        public double? Step { get; set; }
    }
}
