using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Tests.Support;

/// <summary>A little-endian float32/float64/int64/int32 .npy file (C order), as numpy.save writes it.</summary>
public sealed partial class NpyArray
{
    private NpyArray(int[] shape, double[] values, string dtype)
    {
        Shape = shape;
        Values = values;
        DType = dtype;
    }

    public int[] Shape { get; }

    /// <summary>All values, widened to double.</summary>
    public double[] Values { get; }

    /// <summary>The numpy dtype descriptor, e.g. "&lt;f4".</summary>
    public string DType { get; }

    public float[] AsFloats() => Array.ConvertAll(Values, v => (float)v);

    public long[] AsInt64() => Array.ConvertAll(Values, v => (long)v);

    public int[] AsInt32() => Array.ConvertAll(Values, v => (int)v);

    public static NpyArray Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path}: not a .npy file");
        }

        int major = bytes[6];
        int headerLength;
        int offset;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
            offset = 10;
        }
        else
        {
            headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
            offset = 12;
        }

        var header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        offset += headerLength;
        var descr = DescrRegex().Match(header).Groups[1].Value;
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: Fortran order is not supported");
        }

        var shapeText = ShapeRegex().Match(header).Groups[1].Value;
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var values = new double[count];
        var data = bytes.AsSpan(offset);
        for (var i = 0; i < count; i++)
        {
            values[i] = descr switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]),
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
                "|u1" => data[i],
                _ => throw new InvalidDataException($"{path}: dtype {descr} is not supported"),
            };
        }

        return new NpyArray(shape, values, descr);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
