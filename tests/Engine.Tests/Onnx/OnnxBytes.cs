using System.Text;

namespace Engine.Tests.Onnx;

/// <summary>Hand-built ONNX protobuf bytes for reader tests (just the structural fields the reader uses).</summary>
internal static class OnnxBytes
{
    public static byte[] Model(byte[] graph) => [.. Varint(1, 8), .. Bytes(7, graph), .. Bytes(8, [.. Varint(2, 14)])];

    public static byte[] Graph(IEnumerable<byte[]> inputs, IEnumerable<byte[]> outputs, IEnumerable<byte[]> initializers) =>
        [.. initializers.SelectMany(i => Bytes(5, i)), .. inputs.SelectMany(i => Bytes(11, i)), .. outputs.SelectMany(o => Bytes(12, o))];

    /// <summary>A float32 ValueInfoProto with fixed or symbolic dims (strings are dim_params).</summary>
    public static byte[] Value(string name, params object[] dims) => Typed(name, 1, dims);

    /// <summary>A ValueInfoProto of ONNX element type <paramref name="elementType"/>.</summary>
    public static byte[] Typed(string name, int elementType, params object[] dims)
    {
        var shape = dims.SelectMany(d => Bytes(1, d is string s ? Bytes(2, Encoding.UTF8.GetBytes(s)) : Varint(1, Convert.ToUInt64(d, System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        byte[] tensorType = [.. Varint(1, (ulong)elementType), .. Bytes(2, shape)];
        return [.. Bytes(1, Encoding.UTF8.GetBytes(name)), .. Bytes(2, Bytes(1, tensorType))];
    }

    public static byte[] ExternalInitializer(string name, string location, long offset, long length) =>
    [
        .. Bytes(8, Encoding.UTF8.GetBytes(name)),
        .. Bytes(13, Entry("location", location)),
        .. Bytes(13, Entry("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        .. Bytes(13, Entry("length", length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        .. Varint(14, 1),
    ];

    /// <summary>A VAE decoder-shaped graph whose one weight is stored externally at <paramref name="location"/>.</summary>
    public static byte[] DecoderWithExternalData(string location, long offset = 0, long length = 16) =>
        Model(Graph(
            [Value("latent_sample", "batch_size", 4, "latent_height", "latent_width")],
            [Value("sample", "batch_size", 3, "height", "width")],
            [ExternalInitializer("conv.weight", location, offset, length)]));

    private static byte[] Entry(string key, string value) =>
        [.. Bytes(1, Encoding.UTF8.GetBytes(key)), .. Bytes(2, Encoding.UTF8.GetBytes(value))];

    private static byte[] Varint(int field, ulong value) => [.. Raw((ulong)(field << 3)), .. Raw(value)];

    private static byte[] Bytes(int field, byte[] payload) => [.. Raw((ulong)((field << 3) | 2)), .. Raw((ulong)payload.Length), .. payload];

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }
}
