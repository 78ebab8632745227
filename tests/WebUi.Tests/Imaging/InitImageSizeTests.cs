using WebUi.Imaging;

namespace WebUi.Tests.Imaging;

public sealed class InitImageSizeTests
{
    [Theory]
    [InlineData(512, 768, 512, 512, 512, 768)]
    [InlineData(832, 1216, 1024, 1024, 832, 1216)]
    [InlineData(64, 64, 512, 512, 64, 64)]
    [InlineData(500, 333, 512, 512, 504, 336)]
    [InlineData(4000, 3000, 512, 512, 728, 544)]
    [InlineData(4000, 3000, 1024, 1024, 1448, 1088)]
    [InlineData(10, 4000, 512, 512, 64, 2048)]
    public void Suggest_ImageSize_ScaledToTheModelBudgetAndRoundedTo8(int w, int h, int dw, int dh, int ew, int eh)
    {
        var (width, height) = InitImageSize.Suggest(w, h, dw, dh);

        Assert.Equal((ew, eh), (width, height));
    }
}
