using Bunit;
using Engine.Pipelines;
using Microsoft.AspNetCore.Components.Web;
using WebUi.Components.Shared;
using WebUi.Services;
using WebUi.Tests.Services;

namespace WebUi.Tests.Components;

/// <summary>The form, top row and output panel that txt2img and img2img share.</summary>
public sealed class GenerationSharedComponentsTests : GenerationComponentTest
{
    [Fact]
    public void SwapButton_WideSize_SwapsAndReportsTheEdit()
    {
        var form = new GenerationFormModel { Width = 768, Height = 512 };
        var edits = 0;
        var cut = Context.Render<GenerationParametersForm>(p => p.Add(c => c.Form, form).Add(c => c.OnSizeEdited, () => edits++));

        cut.Find("#swap-size").Click();

        Assert.Equal((512, 768), (form.Width, form.Height));
        Assert.Equal(1, edits);
    }

    [Fact]
    public void TypingWidth_ReportsTheEdit()
    {
        var form = new GenerationFormModel();
        var edits = 0;
        var cut = Context.Render<GenerationParametersForm>(p => p.Add(c => c.Form, form).Add(c => c.OnSizeEdited, () => edits++));

        cut.Find("input#width").Change("640");

        Assert.Equal(640, form.Width);
        Assert.Equal(1, edits);
    }

    [Fact]
    public void SeedButtons_RandomAndReuse_SetTheSeed()
    {
        var form = new GenerationFormModel { Seed = 42 };
        var cut = Context.Render<GenerationParametersForm>(p => p.Add(c => c.Form, form));
        Assert.True(cut.Find("#reuse-seed").HasAttribute("disabled"));

        cut.Find("#random-seed").Click();
        Assert.Equal(-1, form.Seed);

        cut.Render(p => p.Add(c => c.LastSeed, 1234L));
        Assert.False(cut.Find("#reuse-seed").HasAttribute("disabled"));
        cut.Find("#reuse-seed").Click();
        Assert.Equal(1234, form.Seed);
    }

    [Fact]
    public void TopRow_CtrlEnterInPrompt_Generates_UnlessBusy()
    {
        var form = new GenerationFormModel();
        var generated = 0;
        var cut = Context.Render<GenerationTopRow>(p => p.Add(c => c.Form, form).Add(c => c.OnGenerate, () => generated++));

        cut.Find("textarea#prompt").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        cut.Find("textarea#prompt").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal(1, generated);
        Assert.False(cut.Find("#generate").HasAttribute("disabled"));
        Assert.True(cut.Find("#interrupt").HasAttribute("disabled"));
        Assert.True(cut.Find("#skip").HasAttribute("disabled"));

        cut.Render(p => p.Add(c => c.IsBusy, true));
        cut.Find("textarea#prompt").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        Assert.Equal(1, generated);
        Assert.True(cut.Find("#generate").HasAttribute("disabled"));
        Assert.False(cut.Find("#interrupt").HasAttribute("disabled"));
    }

    [Fact]
    public void TopRow_TypingAPrompt_WritesTheFormAndCountsTokens()
    {
        var form = new GenerationFormModel();
        var cut = Context.Render<GenerationTopRow>(p => p.Add(c => c.Form, form));

        cut.Find("textarea#prompt").Input("red circle");

        Assert.Equal("red circle", form.Prompt);
    }

    [Fact]
    public async Task OutputPanel_QueuedThenRunningJob_ShowsPositionThenStepsEtaAndPercent()
    {
        Harness.Queue.Enqueue("someone-else", new GenerationRequest { Prompt = "ahead" });
        var ahead = await Harness.Runner.NextAsync();
        var job = Harness.Queue.Enqueue(Identity.Id, new GenerationRequest { Prompt = "mine" });
        var cut = Context.Render<JobOutputPanel>(p => p.Add(c => c.Job, job));
        Assert.Equal("Queue position: 1", cut.Find("#queue-position").TextContent.Trim());

        ahead.Finish();
        var run = await Harness.Runner.NextAsync();
        job.Progress = new GenerationProgress
        {
            BatchIndex = 0, BatchCount = 1, Step = 3, StepsPerBatch = 10, CompletedSteps = 3, TotalSteps = 10,
            Elapsed = TimeSpan.FromSeconds(2), Eta = TimeSpan.FromSeconds(67), IterationsPerSecond = 1.5,
        };
        cut.Render();

        Assert.Equal("Step 3/10 · 1.50 it/s · ETA 1:07 · 30 %", cut.Find("#progress-text").TextContent.Trim());
        Assert.Empty(cut.FindAll("#queue-position"));
        run.Finish();
    }

    [Fact]
    public async Task OutputPanel_FailedJob_ShowsWhy()
    {
        var job = Harness.Queue.Enqueue(Identity.Id, new GenerationRequest { Prompt = "boom" });
        var run = await Harness.Runner.NextAsync();
        var recorder = new EventRecorder();
        using var subscription = Harness.Notifier.Subscribe(job.Id, recorder.OnEventAsync);
        run.Fail(new InvalidOperationException("out of paint"));
        await recorder.WaitFinalAsync();

        var cut = Context.Render<JobOutputPanel>(p => p.Add(c => c.Job, job));

        Assert.Contains("out of paint", cut.Find("#job-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#progress-bar"));
    }

    [Fact]
    public void OutputPanel_NoJobButAnError_ShowsTheErrorAndNoImagesYet()
    {
        var cut = Context.Render<JobOutputPanel>(p => p.Add(c => c.Error, "Steps is 0."));

        Assert.Equal("Steps is 0.", cut.Find("#error").TextContent.Trim());
        Assert.Contains("No images yet.", cut.Find("#output-panel").TextContent, StringComparison.Ordinal);
    }
}
