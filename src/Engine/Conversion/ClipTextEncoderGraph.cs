using Engine.Models;
using Engine.Onnx;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Builds transformers' <c>CLIPTextModel</c> (SD1's CLIP ViT-L, SD2's OpenCLIP ViT-H in transformers layout) as an
/// ONNX graph with optimum's signature: <c>input_ids</c> int64 [batch_size, sequence_length] →
/// <c>last_hidden_state</c> [batch_size, sequence_length, hidden] and <c>pooler_output</c> [batch_size, hidden].
/// </summary>
/// <remarks>
/// Per layer: x += out_proj(attention(layer_norm1(x))) with a causal mask; x += fc2(act(fc1(layer_norm2(x)))); then
/// final_layer_norm. Queries are scaled by head_dim^-0.5 before the product, as transformers does. The pooled output
/// is the final hidden state at argmax(input_ids) (the end token has the largest id), the rule transformers applies
/// when <c>eos_token_id</c> is 2, as in SD1's and SD2's configs.
/// In float16 (<see cref="ModelPrecision.Float16"/>) both outputs are float16, as in optimum's fp16 export; the layer
/// norms and the attention scores, causal mask and softmax stay float32 (the mask is float32's minimum, which float16
/// cannot hold).
/// </remarks>
internal static class ClipTextEncoderGraph
{
    public static OnnxGraphBuilder Build(
        string configPath,
        WeightFile weights,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken,
        ModelPrecision precision = ModelPrecision.Float32)
    {
        var config = ConfigJson.Load(configPath, "text_encoder/config.json");
        var hidden = config.GetInt32("hidden_size", 512);
        var heads = config.GetInt32("num_attention_heads", 8);
        var layers = config.GetInt32("num_hidden_layers", 12);
        var maxPositions = config.GetInt32("max_position_embeddings", 77);
        var epsilon = (float)config.GetDouble("layer_norm_eps", 1e-5);
        var activation = config.GetString("hidden_act", "quick_gelu");
        if (hidden <= 0 || heads <= 0 || hidden % heads != 0)
        {
            throw config.Invalid("num_attention_heads", $"must divide hidden_size {hidden}.");
        }

        var g = new ConversionGraph("clip_text_encoder", weights, "text_encoder", _ => true, progress, cancellationToken, precision);
        var b = g.Builder;
        var p = weights.Contains("text_model.embeddings.token_embedding.weight") ? "text_model." : string.Empty;

        b.AddInput("input_ids", OnnxElementType.Int64, "batch_size", "sequence_length");
        var vocab = g.ShapeOf(p + "embeddings.token_embedding.weight")[0];
        var tokens = g.Op("Gather", [g.Weight(p + "embeddings.token_embedding.weight", vocab, hidden), "input_ids"], OnnxAttribute.Of("axis", 0L));

        // Positions 0..sequence_length-1: the first rows of the position table.
        var length = g.Op("Slice", [g.Op("Shape", ["input_ids"]), g.Constant(1), g.Constant(2), g.Constant(0)]);
        var positions = g.Op("Slice", [g.Weight(p + "embeddings.position_embedding.weight", maxPositions, hidden), g.Constant(0), length, g.Constant(0)]);
        var x = g.Op("Add", [tokens, positions]);

        // Causal mask: float32 min above the diagonal (as transformers), cut to [sequence_length, sequence_length].
        var mask = new float[maxPositions * maxPositions];
        for (var row = 0; row < maxPositions; row++)
        {
            for (var column = row + 1; column < maxPositions; column++)
            {
                mask[(row * maxPositions) + column] = float.MinValue;
            }
        }

        var maskName = b.Constant(mask, maxPositions, maxPositions);
        var causal = g.Op("Slice", [maskName, g.Constant(0, 0), g.Op("Concat", [length, length], OnnxAttribute.Of("axis", 0L)), g.Constant(0, 1)]);

        var headDim = hidden / heads;
        var scale = g.Scalar(1f / MathF.Sqrt(headDim));
        for (var i = 0; i < layers; i++)
        {
            var layer = $"{p}encoder.layers.{i}.";
            var normed = g.LayerNorm(x, layer + "layer_norm1", epsilon);
            string Heads(string t) => g.Op("Transpose", [g.Op("Reshape", [t, g.Constant(0, 0, heads, headDim)])], OnnxAttribute.Of("perm", 0L, 2, 1, 3));
            var q = Heads(g.Op("Mul", [g.Linear(normed, layer + "self_attn.q_proj"), scale]));
            var k = g.Op("Transpose", [g.Op("Reshape", [g.Linear(normed, layer + "self_attn.k_proj"), g.Constant(0, 0, heads, headDim)])],
                OnnxAttribute.Of("perm", 0L, 2, 3, 1));
            var v = Heads(g.Linear(normed, layer + "self_attn.v_proj"));
            var scores = g.Op("Add", [g.Op("MatMul", [g.ToFloat32(q), g.ToFloat32(k)]), causal]);
            var weightsSoftmax = g.ToCompute(g.Op("Softmax", [scores], OnnxAttribute.Of("axis", -1L)));
            var context = g.Op("Transpose", [g.Op("MatMul", [weightsSoftmax, v])], OnnxAttribute.Of("perm", 0L, 2, 1, 3));
            var merged = g.Op("Reshape", [context, g.Constant(0, 0, hidden)]);
            x = g.Op("Add", [x, g.Linear(merged, layer + "self_attn.out_proj")]);

            var mlpIn = g.LayerNorm(x, layer + "layer_norm2", epsilon);
            var mlp = g.Linear(g.Activation(g.Linear(mlpIn, layer + "mlp.fc1"), activation), layer + "mlp.fc2");
            x = g.Op("Add", [x, mlp]);
        }

        var last = g.LayerNorm(x, p + "final_layer_norm", epsilon);
        b.AddNode("Identity", [last], ["last_hidden_state"]);
        b.AddOutput("last_hidden_state", g.ComputeType, "batch_size", "sequence_length", hidden);

        var idsAsFloat = g.Op("Cast", ["input_ids"], OnnxAttribute.Of("to", (long)OnnxElementType.Float32));
        var position = g.Op("ArgMax", [idsAsFloat], OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 1L));
        var index = g.Op("Expand", [g.Op("Unsqueeze", [position, g.Constant(2)]), g.Constant(1, 1, hidden)]);
        var pooled = g.Op("Squeeze", [g.Op("GatherElements", [last, index], OnnxAttribute.Of("axis", 1L)), g.Constant(1)]);
        b.AddNode("Identity", [pooled], ["pooler_output"]);
        b.AddOutput("pooler_output", g.ComputeType, "batch_size", hidden);
        return b;
    }
}
