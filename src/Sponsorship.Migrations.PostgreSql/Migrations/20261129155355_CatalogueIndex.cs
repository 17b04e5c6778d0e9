using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CatalogueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Sheep_ArchivedAt_Id",
                table: "Sheep",
                columns: new[] { "ArchivedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sheep_ArchivedAt_Id",
                table: "Sheep");
        }
    }
}
