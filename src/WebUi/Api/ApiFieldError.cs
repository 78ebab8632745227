namespace WebUi.Api;

/// <summary>One invalid request field: its A1111 name (e.g. <c>steps</c>, <c>init_images[0]</c>) and what is wrong.</summary>
public sealed record ApiFieldError(string Field, string Message);
