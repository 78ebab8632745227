using Engine.Onnx;
using Engine.Onnx.Writing;

namespace Engine.Demo;

/// <summary>
/// The demo U-Net: the exact denoiser for x0 ~ N(mu(c), s² I) (see <see cref="DemoModelMath"/>), computed in the
/// stable forms eps = sqrt(1-abar) r / d and v = sqrt(1-abar) (sqrt(abar) (1 - s²) r / d - mu), with
/// r = x - sqrt(abar) mu and d = abar s² + 1 - abar.
/// </summary>
internal static class DemoUNetGraph
{
    public static OnnxGraphBuilder Build(DemoModelOptions options)
    {
        const int H = DemoTextFeatures.HiddenSize;
        var g = new OnnxGraphBuilder("demo_unet");
        var x = DemoGraphIo.FloatInput(g, options.Float16, "sample", "batch_size", 4, "height", "width");
        var t = DemoGraphIo.FloatInput(g, options.Float16, "timestep");
        var context = DemoGraphIo.FloatInput(g, options.Float16, "encoder_hidden_states", "batch_size", "sequence_length", H);

        var mu = BuildMu(g, x, context);

        // Noise level: linear interpolation of log sigma between the neighbouring integer timesteps.
        g.AddInitializer("log_sigmas", DemoModelMath.LogSigmaTable, DemoModelMath.LogSigmaTable.Length);
        var clamped = g.Op("Clip", [t, g.Scalar(0f), g.Scalar(DemoModelMath.TrainTimesteps - 1f)]);
        var lowFloat = g.Op("Floor", [clamped]);
        var frac = g.Op("Sub", [clamped, lowFloat]);
        var low = g.Op("Cast", [lowFloat], OnnxAttribute.Of("to", (long)OnnxElementType.Int64));
        var high = g.Op("Add", [low, g.Scalar(1L)]);
        var logLow = g.Op("Gather", ["log_sigmas", low]);
        var logHigh = g.Op("Gather", ["log_sigmas", high]);
        var logSigma = g.Op("Add", [logLow, g.Op("Mul", [frac, g.Op("Sub", [logHigh, logLow])])]);
        var sigma2 = g.Op("Exp", [g.Op("Mul", [logSigma, g.Scalar(2f)])]);
        var abar = g.Op("Reciprocal", [g.Op("Add", [sigma2, g.Scalar(1f)])]);
        var oneMinus = g.Op("Mul", [sigma2, abar]);
        var sqrtAbar = g.Op("Sqrt", [abar]);
        var sqrtOneMinus = g.Op("Sqrt", [oneMinus]);
        var s2 = (float)(options.DataStd * options.DataStd);
        var denominator = g.Op("Add", [g.Op("Mul", [abar, g.Scalar(s2)]), oneMinus]);

        var residual = g.Op("Sub", [x, g.Op("Mul", [sqrtAbar, mu])]);
        string output;
        if (options.PredictionType == DemoPredictionType.Epsilon)
        {
            output = g.Op("Mul", [residual, g.Op("Div", [sqrtOneMinus, denominator])]);
        }
        else
        {
            var gain = g.Op("Div", [g.Op("Mul", [sqrtAbar, g.Scalar(1f - s2)]), denominator]);
            output = g.Op("Mul", [sqrtOneMinus, g.Op("Sub", [g.Op("Mul", [residual, gain]), mu])]);
        }

        DemoGraphIo.FloatOutput(g, options.Float16, "out_sample", output, "batch_size", 4, "height", "width");
        return g;
    }

    // mu [b, 4, h, w] = bg + mask (fg - bg); see DemoModelMath.Mu for the rules.
    private static string BuildMu(OnnxGraphBuilder g, string x, string context)
    {
        var sums = g.Op("ReduceSum", [context, g.Constant([1L], 1)], OnnxAttribute.Of("keepdims", 0L));
        string Columns(int first, int count) =>
            g.Op("Gather", [sums, g.Constant([.. Enumerable.Range(first, count).Select(i => (long)i)], count)], OnnxAttribute.Of("axis", 1L));
        string Clip01(string value) => g.Op("Clip", [value, g.Scalar(0f), g.Scalar(1f)]);
        string Unit(string value) => g.Op("Unsqueeze", [value, g.Constant([2L, 3L], 2)]); // [b, n] → [b, n, 1, 1]

        var rgbToLatent = new float[3 * 4];
        for (var c = 0; c < 3; c++)
        {
            for (var l = 0; l < 4; l++)
            {
                rgbToLatent[(c * 4) + l] = (float)DemoModelMath.RgbToLatent[l, c];
            }
        }

        var toLatent = g.Constant(rgbToLatent, 3, 4);
        var one = g.Scalar(1f);
        string LatentColor(int rgbColumn, string weight) =>
            Unit(g.Op("MatMul", [g.Op("Div", [Columns(rgbColumn, 3), g.Op("Max", [weight, one])]), toLatent]));

        var fgWeight = Columns(DemoTextFeatures.HidFgWeight, 1);
        var bgWeight = Columns(DemoTextFeatures.HidBgWeight, 1);
        var circleSum = Columns(DemoTextFeatures.HidCircle, 1);
        var squareSum = Columns(DemoTextFeatures.HidSquare, 1);
        var fgLatent = LatentColor(DemoTextFeatures.HidFgRgb, fgWeight);
        var bgLatent = LatentColor(DemoTextFeatures.HidBgRgb, bgWeight);
        var fgPresent = Unit(Clip01(fgWeight));
        var bgPresent = Unit(Clip01(bgWeight));
        var circleWeight = Unit(Clip01(circleSum));
        var squareWeight = Unit(Clip01(squareSum));
        var shapePresent = Unit(Clip01(g.Op("Add", [circleSum, squareSum])));

        // Grid of latent pixel centres relative to the middle, from the sample's runtime size.
        var shape = g.Op("Shape", [x]);
        string Extent(long axis) => g.Op("Cast", [g.Op("Gather", [shape, g.Scalar(axis)])], OnnxAttribute.Of("to", (long)OnnxElementType.Float32));
        var height = Extent(2);
        var width = Extent(3);
        string Centred(string extent) => g.Op("Sub",
            [g.Op("Range", [g.Scalar(0.5f), g.Op("Add", [extent, g.Scalar(0.5f)]), one]), g.Op("Mul", [extent, g.Scalar(0.5f)])]);
        var dy = g.Op("Unsqueeze", [Centred(height), g.Constant([1L], 1)]); // [h, 1]
        var dx = Centred(width); // [w]
        var size = g.Op("Min", [height, width]);
        var half = g.Scalar(0.5f);
        var distance = g.Op("Sqrt", [g.Op("Add", [g.Op("Mul", [dy, dy]), g.Op("Mul", [dx, dx])])]);
        var circle = Clip01(g.Op("Add", [g.Op("Sub", [g.Op("Mul", [size, g.Scalar((float)DemoModelMath.CircleRadius)]), distance]), half]));
        var boxDistance = g.Op("Max", [g.Op("Abs", [dy]), g.Op("Abs", [dx])]);
        var square = Clip01(g.Op("Add", [g.Op("Sub", [g.Op("Mul", [size, g.Scalar((float)DemoModelMath.SquareHalfSide)]), boxDistance]), half]));

        var shapes = Clip01(g.Op("Add", [g.Op("Mul", [circleWeight, circle]), g.Op("Mul", [squareWeight, square])]));
        var noBackground = g.Op("Sub", [one, bgPresent]);
        var fallback = g.Op("Mul", [
            g.Op("Sub", [one, shapePresent]),
            g.Op("Add", [g.Op("Mul", [g.Op("Mul", [bgPresent, fgPresent]), circle]), noBackground]),
        ]);
        var mask = g.Op("Add", [shapes, fallback]);
        return g.Op("Add", [bgLatent, g.Op("Mul", [mask, g.Op("Sub", [fgLatent, bgLatent])])]);
    }
}
