using Microsoft.EntityFrameworkCore.Design;
using Sponsorship.Core.Data;

namespace Sponsorship.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Sponsorship.Migrations.Sqlite</c> build the model with no app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SponsorshipDbContext>
{
    public SponsorshipDbContext CreateDbContext(string[] args)
    {
        return new SponsorshipDbContext(SponsorshipDatabase.Standalone(DatabaseProvider.Sqlite, "Data Source=design-time.db"));
    }
}
