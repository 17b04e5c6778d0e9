using Microsoft.EntityFrameworkCore.Design;
using Sponsorship.Core.Data;

namespace Sponsorship.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Sponsorship.Migrations.SqlServer</c> build the model with no server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SponsorshipDbContext>
{
    public SponsorshipDbContext CreateDbContext(string[] args)
    {
        return new SponsorshipDbContext(SponsorshipDatabase.Standalone(DatabaseProvider.SqlServer, "Server=(local);Database=Sponsorship;Trusted_Connection=True;TrustServerCertificate=True"));
    }
}
