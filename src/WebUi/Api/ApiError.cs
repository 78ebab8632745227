using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>
/// A1111's error body (modules/api/api.py <c>handle_exception</c>): <c>{error, detail, body, errors}</c>. For a 422,
/// <c>detail</c> is FastAPI's list of <c>{loc, msg, type}</c> so clients written against either shape find the field;
/// otherwise it is the message. <c>errors</c> is always the message as one string (A1111's <c>str(e)</c>).
/// </summary>
public sealed record ApiError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("detail")] object Detail,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("errors")] string Errors)
{
    /// <summary>The body for <paramref name="exception"/>.</summary>
    public static ApiError From(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        object detail = exception.FieldErrors.Count > 0
            ? exception.FieldErrors.Select(e => new ApiValidationDetail(e.Field == "body" ? ["body"] : ["body", .. e.Field.Split('.')], e.Message, "value_error")).ToList()
            : exception.Message;
        return new ApiError(exception.ErrorName, detail, "", exception.Message);
    }

    /// <summary>The body of an unexpected server fault: the class name and message, no stack trace.</summary>
    public static ApiError FromFault(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new ApiError(exception.GetType().Name, "", "", exception.Message);
    }
}

/// <summary>One entry of FastAPI's 422 <c>detail</c> list.</summary>
public sealed record ApiValidationDetail(
    [property: JsonPropertyName("loc")] IReadOnlyList<string> Loc,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("type")] string Type);
