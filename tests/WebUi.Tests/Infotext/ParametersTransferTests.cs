using WebUi.Infotext;

namespace WebUi.Tests.Infotext;

public sealed class ParametersTransferTests
{
    [Fact]
    public void TryTake_AfterSend_ReturnsOnceForItsTarget()
    {
        var transfer = new ParametersTransfer();
        var parameters = InfotextParser.Parse("a cat\nSteps: 20, Seed: 1, Size: 64x64");
        transfer.Send(TransferTarget.Img2Img, parameters, [1, 2, 3]);

        Assert.False(transfer.TryTake(TransferTarget.Txt2Img, out _, out _));
        Assert.True(transfer.TryTake(TransferTarget.Img2Img, out var taken, out var image));
        Assert.Same(parameters, taken);
        Assert.Equal([1, 2, 3], image);
        Assert.False(transfer.TryTake(TransferTarget.Img2Img, out _, out _));
    }
}
