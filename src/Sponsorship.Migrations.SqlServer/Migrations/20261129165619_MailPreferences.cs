using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MailPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "GrowthUpdatesStoppedAt",
                table: "AspNetUsers",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MonthlyDigestStoppedAt",
                table: "AspNetUsers",
                type: "datetimeoffset",
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
