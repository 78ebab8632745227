namespace WebUi.Tests.Api;

/// <summary>The API's HTTP test classes share one running app and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ApiAppCollection : ICollectionFixture<ApiAppFixture>
{
    public const string Name = "sdapi app";
}
