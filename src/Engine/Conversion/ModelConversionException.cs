namespace Engine.Conversion;

/// <summary>
/// A source model folder that cannot be converted: a missing weight file or tensor, a tensor of the wrong shape, or a
/// configuration this converter does not build. The message names the folder or tensor at fault.
/// </summary>
public sealed class ModelConversionException : Exception
{
    /// <summary>Creates the exception with a message for the person who owns the source folder.</summary>
    public ModelConversionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a lower-level failure.</summary>
    public ModelConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelConversionException()
        : base("The model cannot be converted.")
    {
    }
}
