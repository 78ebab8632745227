using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WebUi.Api;

namespace WebUi.Tests.Api;

/// <summary>Request JSON read as A1111's pydantic (v1) models read it, and every refusal naming its field.</summary>
public sealed class ApiJsonTests
{
    private static Task<T> ReadAsync<T>(string body)
        where T : class
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return ApiJson.ReadBodyAsync<T>(http.Request);
    }

    [Theory]
    [InlineData("""{"steps":20}""", 20)]
    [InlineData("""{"steps":"20"}""", 20)]
    [InlineData("""{"steps":" 20 "}""", 20)]
    [InlineData("""{"steps":20.9}""", 20)]
    [InlineData("""{"steps":2e1}""", 20)]
    [InlineData("""{"steps":true}""", 1)]
    public async Task WholeNumbers_AcceptPydanticsSpellings(string json, int expected) =>
        Assert.Equal(expected, (await ReadAsync<Txt2ImgApiRequest>(json)).Steps);

    [Theory]
    [InlineData("""{"save_images":true}""", true)]
    [InlineData("""{"save_images":1}""", true)]
    [InlineData("""{"save_images":0}""", false)]
    [InlineData("""{"save_images":"yes"}""", true)]
    [InlineData("""{"save_images":"Off"}""", false)]
    public async Task Booleans_AcceptPydanticsSpellings(string json, bool expected) =>
        Assert.Equal(expected, (await ReadAsync<Txt2ImgApiRequest>(json)).SaveImages);

    [Fact]
    public async Task NumbersAndTexts_AreCoercedUnknownFieldsIgnoredNullsKept()
    {
        var body = await ReadAsync<Txt2ImgApiRequest>("""{"cfg_scale":"7.5","prompt":123,"seed":null,"no_such_field":{"x":[1]}}""");

        Assert.Equal(7.5, body.CfgScale);
        Assert.Equal("123", body.Prompt);
        Assert.Null(body.Seed);
    }

    [Theory]
    [InlineData("""{"steps":"abc"}""", "steps", "whole number")]
    [InlineData("""{"steps":1e30}""", "steps", "whole number")]
    [InlineData("""{"steps":[1]}""", "steps", "whole number")]
    [InlineData("""{"seed":"1.5"}""", "seed", "whole number")]
    [InlineData("""{"cfg_scale":"NaN"}""", "cfg_scale", "finite")]
    [InlineData("""{"cfg_scale":"-Infinity"}""", "cfg_scale", "finite")]
    [InlineData("""{"cfg_scale":NaN}""", "cfg_scale", "invalid")]
    [InlineData("""{"cfg_scale":{}}""", "cfg_scale", "number")]
    [InlineData("""{"save_images":2}""", "save_images", "true or false")]
    [InlineData("""{"save_images":"maybe"}""", "save_images", "true or false")]
    [InlineData("""{"prompt":{"a":1}}""", "prompt", "text")]
    [InlineData("""{"prompt":false}""", "prompt", "text")]
    [InlineData("""{"styles":"one"}""", "styles", "Wrong kind")]
    [InlineData("""{"init_images":[1,{}]}""", "init_images[1]", "text")]
    [InlineData("""[]""", "body", "JSON object")]
    [InlineData("""42""", "body", "JSON object")]
    [InlineData("", "body", "empty")]
    [InlineData("""{"steps":""", "steps", "")]
    public async Task BadJson_IsA422NamingTheField(string json, string field, string message)
    {
        var ex = await Assert.ThrowsAsync<ApiException>(() => ReadAsync<Img2ImgApiRequest>(json));

        Assert.Equal(422, ex.StatusCode);
        var error = Assert.Single(ex.FieldErrors);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"steps":"many"}""", "steps", "whole number")]
    [InlineData("""{"cfg_scale":"NaN"}""", "cfg_scale", "finite")]
    [InlineData("\"just a string\"", "body", "JSON object")]
    [InlineData("""null""", "body", "JSON object")]
    public void BadJsonElement_IsA422NamingTheFieldAsABodyIs(string json, string field, string message)
    {
        using var document = JsonDocument.Parse(json);

        var ex = Assert.Throws<ApiException>(() => ApiJson.Read<Txt2ImgApiRequest>(document.RootElement));

        Assert.Equal(422, ex.StatusCode);
        var error = Assert.Single(ex.FieldErrors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullBody_IsA422()
    {
        var ex = await Assert.ThrowsAsync<ApiException>(() => ReadAsync<Txt2ImgApiRequest>("null"));

        Assert.Equal("body", Assert.Single(ex.FieldErrors).Field);
    }

    [Fact]
    public void ErrorShape_Is422WithFastApiDetailAndA1111Fields()
    {
        var error = ApiError.From(ApiException.Invalid([new ApiFieldError("steps", "Too many."), new ApiFieldError("override_settings.randn_source", "Bad.")]));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(error, ApiJson.Output));
        var root = json.RootElement;

        Assert.Equal("RequestValidationError", root.GetProperty("error").GetString());
        Assert.Equal("", root.GetProperty("body").GetString());
        Assert.Equal("steps: Too many.; override_settings.randn_source: Bad.", root.GetProperty("errors").GetString());
        var details = root.GetProperty("detail").EnumerateArray().ToList();
        Assert.Equal(["body", "steps"], details[0].GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["body", "override_settings", "randn_source"], details[1].GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Too many.", details[0].GetProperty("msg").GetString());
    }

    [Fact]
    public void ErrorShape_OfOtherErrorsHasTheMessageAsDetail()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(ApiError.From(ApiException.NotFound("Init image not found")), ApiJson.Output));

        Assert.Equal("HTTPException", json.RootElement.GetProperty("error").GetString());
        Assert.Equal("Init image not found", json.RootElement.GetProperty("detail").GetString());
        Assert.Equal("Init image not found", json.RootElement.GetProperty("errors").GetString());
    }
}
