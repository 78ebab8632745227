namespace Engine.Tests.Hub;

/// <summary>One request the fake hub or its CDN saw.</summary>
/// <param name="Host">"hub" or "cdn".</param>
/// <param name="Kind">"list", "resolve" or "blob".</param>
/// <param name="File">The repository file asked for (for "blob", the file whose content it is); null for a listing.</param>
/// <param name="Range">The Range header, if any.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
internal sealed record FakeHubRequest(string Host, string Kind, string? File, string? Range, string? Authorization);
