namespace WebUi.Api;

/// <summary>
/// A request the API refuses, with the HTTP status and A1111's error class name; thrown by the endpoints and turned
/// into <see cref="ApiError"/> by <see cref="ApiErrorFilter"/>. Never carries a server fault: those are 500s.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(StatusCodes.Status400BadRequest, "HTTPException", "Bad request.")
    {
    }

    public ApiException(string message)
        : this(StatusCodes.Status400BadRequest, "HTTPException", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
        ErrorName = "HTTPException";
    }

    public ApiException(int statusCode, string errorName, string message, IReadOnlyList<ApiFieldError>? fieldErrors = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorName = errorName;
        FieldErrors = fieldErrors ?? [];
    }

    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>A1111's <c>error</c>: the exception class name (HTTPException, RequestValidationError, ...).</summary>
    public string ErrorName { get; }

    /// <summary>The invalid fields of a 422; empty otherwise.</summary>
    public IReadOnlyList<ApiFieldError> FieldErrors { get; } = [];

    /// <summary>A 422 naming <paramref name="field"/>.</summary>
    public static ApiException Invalid(string field, string message) => Invalid([new ApiFieldError(field, message)]);

    /// <summary>A 422 naming every field of <paramref name="errors"/>.</summary>
    public static ApiException Invalid(IReadOnlyList<ApiFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new ApiException(
            StatusCodes.Status422UnprocessableEntity, "RequestValidationError", string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), errors);
    }

    /// <summary>A 404 with A1111's wording, e.g. "Init image not found".</summary>
    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, "HTTPException", message);
}
