using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NamedPastures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "NamedPastureId",
                table: "AnimalLogs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "NamedPastures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameLatin = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NamedPastures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnimalLogs_NamedPastureId",
                table: "AnimalLogs",
                column: "NamedPastureId");

            migrationBuilder.CreateIndex(
                name: "IX_NamedPastures_Name",
                table: "NamedPastures",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_AnimalLogs_NamedPastures_NamedPastureId",
                table: "AnimalLogs",
                column: "NamedPastureId",
                principalTable: "NamedPastures",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AnimalLogs_NamedPastures_NamedPastureId",
                table: "AnimalLogs");

            migrationBuilder.DropTable(
                name: "NamedPastures");

            migrationBuilder.DropIndex(
                name: "IX_AnimalLogs_NamedPastureId",
                table: "AnimalLogs");

            migrationBuilder.DropColumn(
                name: "NamedPastureId",
                table: "AnimalLogs");
        }
    }
}
