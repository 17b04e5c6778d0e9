using Sponsorship.Testing;

namespace Sponsorship.Web.Tests;

/// <summary>One running app (and demo database) shared by the HTTP test classes that only read or add their own rows.</summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<SponsorshipAppFactory>
{
    public const string Name = "app";
}
