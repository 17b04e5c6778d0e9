using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IdentitySchemaVersion2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
