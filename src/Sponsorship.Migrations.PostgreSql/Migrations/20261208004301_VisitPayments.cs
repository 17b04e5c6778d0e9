using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class VisitPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "VisitBookingId",
                table: "Payments",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_VisitBookingId",
                table: "Payments",
                column: "VisitBookingId");

            migrationBuilder.AddForeignKey(
                name: "FK_Payments_VisitBookings_VisitBookingId",
                table: "Payments",
                column: "VisitBookingId",
                principalTable: "VisitBookings",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Payments_VisitBookings_VisitBookingId",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_VisitBookingId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "VisitBookingId",
                table: "Payments");
        }
    }
}
