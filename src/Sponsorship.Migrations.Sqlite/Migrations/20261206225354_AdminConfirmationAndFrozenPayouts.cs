using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AdminConfirmationAndFrozenPayouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PayoutAccountHolder",
                table: "PayoutLines",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PayoutBank",
                table: "PayoutLines",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccountHolder",
                table: "Households",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PayoutBank",
                table: "Households",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "DisabledAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisabledByUserId",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            // The account on file is held in the household head's name until an administrator says otherwise; lines not
            // yet exported freeze the account they will be paid into now (export no longer copies it).
            migrationBuilder.Sql("UPDATE Households SET PayoutAccountHolder = HeadName WHERE PayoutAccount <> '' AND PayoutAccountHolder = ''");
            migrationBuilder.Sql(
                "UPDATE PayoutLines SET PayoutAccount = (SELECT h.PayoutAccount FROM Households h WHERE h.Id = PayoutLines.HouseholdId), "
                + "PayoutAccountHolder = (SELECT h.PayoutAccountHolder FROM Households h WHERE h.Id = PayoutLines.HouseholdId) "
                + "WHERE PayoutAccount = ''");

            migrationBuilder.CreateTable(
                name: "AdminGrants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdminGrants_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PayoutAccountChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<int>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bank = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayoutAccountChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PayoutAccountChanges_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnimalLogs_SheepId_PendingDeath",
                table: "AnimalLogs",
                column: "SheepId",
                unique: true,
                filter: "[Kind] = 8 AND [Review] = 0");

            migrationBuilder.CreateIndex(
                name: "IX_AdminGrants_Status_RequestedAt",
                table: "AdminGrants",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AdminGrants_UserId_Pending",
                table: "AdminGrants",
                column: "UserId",
                unique: true,
                filter: "[Status] = 0");

            migrationBuilder.CreateIndex(
                name: "IX_PayoutAccountChanges_HouseholdId_Pending",
                table: "PayoutAccountChanges",
                column: "HouseholdId",
                unique: true,
                filter: "[Status] = 0");

            migrationBuilder.CreateIndex(
                name: "IX_PayoutAccountChanges_Status_RequestedAt",
                table: "PayoutAccountChanges",
                columns: new[] { "Status", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdminGrants");

            migrationBuilder.DropTable(
                name: "PayoutAccountChanges");

            migrationBuilder.DropIndex(
                name: "IX_AnimalLogs_SheepId_PendingDeath",
                table: "AnimalLogs");

            migrationBuilder.DropColumn(
                name: "PayoutAccountHolder",
                table: "PayoutLines");

            migrationBuilder.DropColumn(
                name: "PayoutBank",
                table: "PayoutLines");

            migrationBuilder.DropColumn(
                name: "PayoutAccountHolder",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "PayoutBank",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DisabledByUserId",
                table: "AspNetUsers");
        }
    }
}
