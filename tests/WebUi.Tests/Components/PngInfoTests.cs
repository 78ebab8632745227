using Bunit;
using Engine.Imaging;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Components.Pages;
using WebUi.Infotext;

namespace WebUi.Tests.Components;

public sealed class PngInfoTests : ShellComponentTest
{
    private const string Infotext = "red circle, blue background\nNegative prompt: green\nSteps: 12, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7, Seed: 1234, Size: 64x64";
    [Fact]
    public void Upload_PngWithParameters_ShowsInfotextAndFields()
    {
        var cut = Context.Render<PngInfo>();

        Upload(cut, Png(("parameters", Infotext), ("Software", "test")), "a.png");

        Assert.Equal(Infotext, cut.Find("#png-infotext").TextContent);
        Assert.Equal("red circle, blue background", cut.Find("td[data-field='Prompt']").TextContent);
        Assert.Equal("green", cut.Find("td[data-field='Negative prompt']").TextContent);
        Assert.Equal("64", cut.Find("td[data-field='Size-1']").TextContent);
        Assert.Equal("1234", cut.Find("td[data-field='Seed']").TextContent);
        Assert.Contains("Software", cut.Find("#png-other-chunks").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_JapaneseInfotextInJapaneseUi_ShowsBothInJapanese()
    {
        Preferences.Apply("ja", isDarkMode: true);
        var cut = Context.Render<PngInfo>();

        Upload(cut, Png(("parameters", "猫耳の少女\nSteps: 20, Seed: 1, Size: 512x512")), "neko.png");

        Assert.Equal("猫耳の少女", cut.Find("td[data-field='Prompt']").TextContent);
        Assert.Equal("txt2imgに転送", cut.Find("#send-to-txt2img").TextContent.Trim());
    }

    [Fact]
    public void Upload_PngWithoutParameters_SaysSo()
    {
        var cut = Context.Render<PngInfo>();

        Upload(cut, Png(), "plain.png");

        Assert.Equal("This PNG has no generation parameters.", cut.Find("#png-message").TextContent.Trim());
        Assert.Empty(cut.FindAll("#png-infotext"));
    }

    [Fact]
    public void Upload_NotAPng_SaysSo()
    {
        var cut = Context.Render<PngInfo>();

        Upload(cut, "GIF89a not a png"u8.ToArray(), "a.gif");

        Assert.Equal("This file is not a PNG image.", cut.Find("#png-message").TextContent.Trim());
    }

    [Fact]
    public void SendToTxt2Img_HandsParametersOverAndNavigates()
    {
        var cut = Context.Render<PngInfo>();
        Upload(cut, Png(("parameters", Infotext)), "a.png");

        cut.Find("#send-to-txt2img").Click();

        var transfer = Context.Services.GetRequiredService<ParametersTransfer>();
        Assert.True(transfer.TryTake(TransferTarget.Txt2Img, out var parameters, out var image));
        Assert.Equal(1234L, parameters.Seed);
        Assert.Null(image);
        Assert.EndsWith("/txt2img", Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }

    private static void Upload(IRenderedComponent<PngInfo> cut, byte[] content, string name) =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(content, name, contentType: "image/png"));

    private static byte[] Png(params (string Key, string Value)[] texts) =>
        PngWriter.Encode(RgbImage.Filled(4, 4, 200, 20, 20), texts.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
}
