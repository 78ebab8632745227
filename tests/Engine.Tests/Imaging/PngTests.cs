using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Engine.Imaging;

namespace Engine.Tests.Imaging;

public sealed class PngTests
{
    [Theory]
    [InlineData("red circle\nSteps: 20, Sampler: Euler", PngTextKind.Text)]
    [InlineData("café crème, ÿ", PngTextKind.Text)]
    [InlineData("赤い丸, 青い背景", PngTextKind.InternationalText)]
    [InlineData("emoji 🙂", PngTextKind.InternationalText)]
    public void Encode_ParametersText_ChunkKindAsPillowAndReadBack(string text, PngTextKind kind)
    {
        var image = Gradient(5, 3);

        var png = PngWriter.Encode(image, [new("parameters", text)]);

        var entry = Assert.Single(PngTextReader.Read(png));
        Assert.Equal(("parameters", text, kind), (entry.Key, entry.Value, entry.Kind));
        Assert.Equal(text, PngTextReader.ReadParameters(png));
        Assert.Equal(image.Pixels, TestPngDecoder.Decode(png).Pixels);
    }

    [Fact]
    public void Read_CorruptedCrc_SkipsThatChunk()
    {
        var png = PngWriter.Encode(Gradient(2, 2), [new("a", "first"), new("b", "second")]);
        var textStart = FindChunk(png, "tEXt");
        png[textStart + 8] ^= 0xFF;

        var entries = PngTextReader.Read(png);

        Assert.Equal("b", Assert.Single(entries).Key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(45)]
    public void Read_TruncatedOrGarbage_ReturnsWhatIsIntactWithoutThrowing(int keep)
    {
        var png = PngWriter.Encode(Gradient(2, 2), [new("parameters", "x")]);

        var entries = PngTextReader.Read(png.AsSpan(0, Math.Min(keep, png.Length)));

        Assert.True(entries.Count <= 1);
        Assert.Empty(PngTextReader.Read(Encoding.ASCII.GetBytes("not a png at all")));
    }

    [Fact]
    public void Read_HugeDeclaredLength_StopsSafely()
    {
        var png = PngWriter.Encode(Gradient(2, 2), [new("parameters", "x")]);
        var textStart = FindChunk(png, "tEXt");
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(textStart), 0xFFFFFFF0);

        Assert.Empty(PngTextReader.Read(png));
    }

    [Fact]
    public void Read_CompressedChunks_DecodedAndBombCapped()
    {
        var small = Chunk("zTXt", [.. "parameters"u8, 0, 0, .. Deflate(Encoding.Latin1.GetBytes("zipped: ok"))]);
        var itxt = Chunk("iTXt", [.. "note"u8, 0, 1, 0, 0, 0, .. Deflate(Encoding.UTF8.GetBytes("日本"))]);
        var bomb = Chunk("zTXt", [.. "bomb"u8, 0, 0, .. Deflate(new byte[PngTextReader.MaxTextBytes + 1])]);
        var png = Insert(PngWriter.Encode(Gradient(1, 1)), [.. small, .. itxt, .. bomb]);

        var entries = PngTextReader.Read(png);

        Assert.Equal(2, entries.Count);
        Assert.Equal(("parameters", "zipped: ok", PngTextKind.CompressedText), (entries[0].Key, entries[0].Value, entries[0].Kind));
        Assert.Equal(("note", "日本", PngTextKind.InternationalText), (entries[1].Key, entries[1].Value, entries[1].Kind));
    }

    [Fact]
    public void Encode_BadKeyword_Throws()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.Encode(Gradient(1, 1), [new("", "x")]));
        Assert.Throws<ArgumentException>(() => PngWriter.Encode(Gradient(1, 1), [new("キー", "x")]));
    }

    internal static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)((i * 37) + 11);
        }

        return image;
    }

    private static int FindChunk(byte[] png, string type)
    {
        var offset = 8;
        while (Encoding.ASCII.GetString(png, offset + 4, 4) != type)
        {
            offset += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
        }

        return offset;
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(typeBytes, data));
        return chunk;
    }

    // After IHDR (8 signature + 25 chunk bytes).
    private static byte[] Insert(byte[] png, byte[] chunks) => [.. png[..33], .. chunks, .. png[33..]];
}
