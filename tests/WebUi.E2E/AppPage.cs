using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>Opening the app's pages and using them only once the Blazor circuit is ready for what the test does next.</summary>
internal static class AppPage
{
    /// <summary>Opens <paramref name="path"/> in a new page of <paramref name="context"/> and waits until it is interactive.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await GoToAsync(page, path);
        return page;
    }

    /// <summary>Navigates <paramref name="page"/> to <paramref name="path"/> and waits until it is interactive.</summary>
    public static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    /// <summary>The layout gets the app-interactive class once the circuit renders it, so clicks reach .NET.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator(".app-interactive").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    /// <summary>
    /// Chooses <paramref name="file"/> in a Blazor InputFile once its script has hooked the input: a change event
    /// before that is lost, so a file set right after the page turns interactive could vanish.
    /// </summary>
    public static async Task ChooseFileAsync(ILocator fileInput, string file)
    {
        await WaitFileInputReadyAsync(fileInput);
        await fileInput.SetInputFilesAsync(file);
    }

    /// <summary>Waits until Blazor's InputFile script listens to <paramref name="fileInput"/>'s change events.</summary>
    public static async Task WaitFileInputReadyAsync(ILocator fileInput)
    {
        var input = await fileInput.ElementHandleAsync();
        await fileInput.Page.WaitForFunctionAsync(
            "input => input._blazorInputFileNextFileId !== undefined", input, new PageWaitForFunctionOptions { Timeout = 30_000 });
    }
}
