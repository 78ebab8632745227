using Engine.Demo;

namespace Engine.Tests.Demo;

public sealed class DemoModelMathTests
{
    private const int Size = 16;

    [Theory]
    [InlineData(1, -1, -1)]
    [InlineData(-1, -1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(0.2, -0.7, 0.4)]
    public void LatentForRgb_ThenRgbForLatent_RoundTrips(double r, double g, double b)
    {
        var rgb = DemoModelMath.RgbForLatent(DemoModelMath.LatentForRgb(r, g, b));

        Assert.Equal([r, g, b], rgb, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Theory]
    [InlineData(0, 0.99915)]
    [InlineData(999, 0.0046600)]
    public void AlphaBar_IntegerTimestep_MatchesScaledLinearSchedule(double timestep, double expected)
    {
        Assert.Equal(expected, DemoModelMath.AlphaBar(timestep), 6);
        Assert.Equal(DemoModelMath.AlphasCumprod[(int)timestep], DemoModelMath.AlphaBar(timestep), 6);
    }

    [Fact]
    public void LogSigma_HalfTimestep_IsMeanOfNeighbours()
    {
        var expected = (DemoModelMath.LogSigma(500) + DemoModelMath.LogSigma(501)) / 2;

        Assert.Equal(expected, DemoModelMath.LogSigma(500.5), 12);
    }

    [Theory]
    [InlineData("red circle, blue background", 1, -1, -1, -1, -1, 1)]
    [InlineData("yellow square on black background", 1, 1, -1, -1, -1, -1)]
    [InlineData("red", 1, -1, -1, 1, -1, -1)]
    [InlineData("blue background", -1, -1, 1, -1, -1, 1)]
    [InlineData("red, blue background", 1, -1, -1, -1, -1, 1)]
    [InlineData("", 0, 0, 0, 0, 0, 0)]
    [InlineData("anime girl, masterpiece", 0, 0, 0, 0, 0, 0)]
    public void Mu_Prompt_PaintsCentreAndCorner(string prompt, double cr, double cg, double cb, double er, double eg, double eb)
    {
        var mu = DemoModelMath.Mu(DemoModelMath.HiddenStates(DemoPrompts.Ids(prompt)), Size, Size);

        AssertRgb([cr, cg, cb], mu, Size / 2, Size / 2);
        AssertRgb([er, eg, eb], mu, 0, 0);
    }

    [Fact]
    public void Mu_DownWeightedColour_FadesTowardsGrey()
    {
        var ids = DemoPrompts.Ids("red");
        var hidden = DemoModelMath.HiddenStates(ids);
        for (var h = 0; h < DemoModelMath.HiddenSize; h++)
        {
            hidden[DemoModelMath.HiddenSize + h] *= 0.5f; // token 1 is "red"
        }

        var mu = DemoModelMath.Mu(hidden, Size, Size);

        AssertRgb([0.5, -0.5, -0.5], mu, 0, 0);
    }

    [Fact]
    public void Mu_TwoColoursWeighted_AveragesByWeight()
    {
        var hidden = DemoModelMath.HiddenStates(DemoPrompts.Ids("red blue"));
        for (var h = 0; h < DemoModelMath.HiddenSize; h++)
        {
            hidden[DemoModelMath.HiddenSize + h] *= 3f; // "red" weighted 3, "blue" 1
        }

        var mu = DemoModelMath.Mu(hidden, Size, Size);

        AssertRgb([0.5, -1, -0.5], mu, 3, 3);
    }

    [Fact]
    public void UNetOutput_EpsAndV_AreConsistentWithDenoised()
    {
        var sample = DemoPrompts.Noise(4 * 4, seed: 4);
        var mu = DemoModelMath.Mu(DemoModelMath.HiddenStates(DemoPrompts.Ids("pink circle")), 2, 2);
        var abar = DemoModelMath.AlphaBar(321.5);

        var eps = DemoModelMath.UNetOutput(sample, mu, 321.5, 0.5, DemoPredictionType.Epsilon);
        var v = DemoModelMath.UNetOutput(sample, mu, 321.5, 0.5, DemoPredictionType.VPrediction);
        var x0 = DemoModelMath.Denoised(sample, mu, 321.5, 0.5);

        for (var i = 0; i < sample.Length; i++)
        {
            Assert.Equal(sample[i], (Math.Sqrt(abar) * x0[i]) + (Math.Sqrt(1 - abar) * eps[i]), 9);
            Assert.Equal(x0[i], (Math.Sqrt(abar) * sample[i]) - (Math.Sqrt(1 - abar) * v[i]), 9);
        }
    }

    [Fact]
    public void ProbabilityFlowSolution_AbarAndSigmaForms_Agree()
    {
        var mu = new[] { 0.3, -1.2, 2.0 };
        var x = new[] { 5.0, -3.0, 0.5 };
        double abarStart = DemoModelMath.AlphaBar(999), abarEnd = DemoModelMath.AlphaBar(0);
        static double Sigma(double a) => Math.Sqrt((1 - a) / a);

        var viaAbar = DemoModelMath.ProbabilityFlowSolution(x, abarStart, mu, abarEnd, 0.5);
        var xSigma = x.Select(v => v / Math.Sqrt(abarStart)).ToArray();
        var viaSigma = DemoModelMath.ProbabilityFlowSolutionSigma(xSigma, Sigma(abarStart), mu, Sigma(abarEnd), 0.5);

        Assert.Equal(viaAbar, viaSigma.Select(v => v * Math.Sqrt(abarEnd)), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    private static void AssertRgb(double[] expected, double[] mu, int y, int x)
    {
        var latent = Enumerable.Range(0, 4).Select(c => mu[(((c * Size) + y) * Size) + x]).ToArray();
        var rgb = DemoModelMath.RgbForLatent(latent);
        Assert.Equal(expected, rgb, (a, b) => Math.Abs(a - b) < 1e-6);
    }
}
