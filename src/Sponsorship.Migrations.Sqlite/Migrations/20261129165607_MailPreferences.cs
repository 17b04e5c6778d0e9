using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "GrowthUpdatesStoppedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MonthlyDigestStoppedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GrowthUpdatesStoppedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "MonthlyDigestStoppedAt",
                table: "AspNetUsers");
        }
    }
}
