using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Engine.Weights;

/// <summary>Little-endian stored elements to float32 / int64.</summary>
internal static class WeightElementConverter
{
    public static void ToFloat32(WeightDataType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case WeightDataType.Float32:
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                }
                else
                {
                    for (var i = 0; i < destination.Length; i++)
                    {
                        destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                    }
                }

                break;
            case WeightDataType.Float16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                }

                break;
            case WeightDataType.BFloat16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16);
                }

                break;
            case WeightDataType.Float64:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a floating-point type.");
        }
    }

    public static void ToInt64(WeightDataType type, ReadOnlySpan<byte> source, Span<long> destination)
    {
        switch (type)
        {
            case WeightDataType.Int64:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]);
                }

                break;
            case WeightDataType.Int32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not an integer type.");
        }
    }
}
