using Engine.Onnx;
using Engine.Onnx.Writing;

namespace Engine.Demo;

/// <summary>
/// The demo text encoder: hidden = F[ids] · A + next_is_background · (F[ids] · B), where F is the token feature
/// table and next_is_background is the feature column shifted left by one position (the last token sees none).
/// </summary>
internal static class DemoTextEncoderGraph
{
    public static OnnxGraphBuilder Build(DemoModelOptions options)
    {
        const int F = DemoTextFeatures.TokenFeatureCount;
        const int H = DemoTextFeatures.HiddenSize;
        var g = new OnnxGraphBuilder("demo_text_encoder");
        g.AddInput("input_ids", options.InputIdsType, "batch_size", "sequence_length");
        g.AddInitializer("token_features", DemoTextFeatures.Table, DemoVocabulary.Instance.Count, F);
        g.AddInitializer("direct_map", DemoTextFeatures.DirectMap, F, H);
        g.AddInitializer("background_map", DemoTextFeatures.BackgroundCorrectionMap, F, H);

        var features = g.Op("Gather", ["token_features", "input_ids"], OnnxAttribute.Of("axis", 0L));
        var isBackground = g.Op("Slice", [
            features,
            g.Constant([(long)DemoTextFeatures.TokIsBackground], 1),
            g.Constant([(long)DemoTextFeatures.TokIsBackground + 1], 1),
            g.Constant([2L], 1),
        ]);
        var fromSecond = g.Op("Slice", [isBackground, g.Constant([1L], 1), g.Constant([long.MaxValue], 1), g.Constant([1L], 1)]);
        var nextIsBackground = g.Op("Pad", [fromSecond, g.Constant([0L, 0, 0, 0, 1, 0], 6)]);

        var direct = g.Op("MatMul", [features, "direct_map"]);
        var correction = g.Op("MatMul", [features, "background_map"]);
        var hidden = g.Op("Add", [direct, g.Op("Mul", [nextIsBackground, correction])]);
        DemoGraphIo.FloatOutput(g, options.Float16, "last_hidden_state", hidden, "batch_size", "sequence_length", H);

        // CLIP pools at argmax(input_ids): the first end token, which has the largest id.
        var idsAsFloat = g.Op("Cast", ["input_ids"], OnnxAttribute.Of("to", (long)OnnxElementType.Float32));
        var position = g.Op("ArgMax", [idsAsFloat], OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 1L));
        var index = g.Op("Expand", [g.Op("Unsqueeze", [position, g.Constant([2L], 1)]), g.Constant([1L, 1, H], 3)]);
        var pooled = g.Op("Squeeze", [g.Op("GatherElements", [hidden, index], OnnxAttribute.Of("axis", 1L)), g.Constant([1L], 1)]);
        DemoGraphIo.FloatOutput(g, options.Float16, "pooler_output", pooled, "batch_size", H);
        return g;
    }
}
