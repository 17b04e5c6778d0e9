using Microsoft.EntityFrameworkCore.Design;
using Sponsorship.Core.Data;

namespace Sponsorship.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Sponsorship.Migrations.PostgreSql</c> build the model with no server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SponsorshipDbContext>
{
    public SponsorshipDbContext CreateDbContext(string[] args)
    {
        return new SponsorshipDbContext(SponsorshipDatabase.Standalone(DatabaseProvider.PostgreSql, "Host=localhost;Database=sponsorship;Username=sponsorship"));
    }
}
