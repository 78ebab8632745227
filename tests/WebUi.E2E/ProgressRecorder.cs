using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>
/// Records, in the page, every distinct "Step x/N" that the progress text shows, as the DOM changes (a
/// MutationObserver), so a test can wait for several distinct updates without polling or sleeping.
/// </summary>
internal static class ProgressRecorder
{
    private const string Script = """
        () => {
            window.__progressSteps = [];
            const record = () => {
                const match = /(\d+)\/(\d+)/.exec(document.querySelector('#progress-text')?.textContent ?? '');
                if (match && !window.__progressSteps.includes(match[0])) {
                    window.__progressSteps.push(match[0]);
                }
            };
            new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    /// <summary>Starts recording on <paramref name="page"/> (call after the page is interactive, before Generate).</summary>
    public static Task StartAsync(IPage page) => page.EvaluateAsync(Script);

    /// <summary>Waits until <paramref name="count"/> distinct steps were shown; returns them in the order seen.</summary>
    public static async Task<IReadOnlyList<string>> WaitForDistinctStepsAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync(
            "count => window.__progressSteps.length >= count", count, new PageWaitForFunctionOptions { Timeout = 120_000 });
        return await page.EvaluateAsync<string[]>("() => window.__progressSteps");
    }
}
