using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PersonalInformation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The numbers stored in clear so far are kept, under the new names: the app encrypts them at start
            // (AccountNumberUpgrade) before anything reads them.
            migrationBuilder.RenameColumn(
                name: "PayoutAccount",
                table: "PayoutLines",
                newName: "PayoutAccountEncrypted");

            migrationBuilder.RenameColumn(
                name: "Number",
                table: "PayoutAccountChanges",
                newName: "NumberEncrypted");

            migrationBuilder.RenameColumn(
                name: "PayoutAccount",
                table: "Households",
                newName: "PayoutAccountEncrypted");

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccountLast4",
                table: "PayoutLines",
                type: "TEXT",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NumberLast4",
                table: "PayoutAccountChanges",
                type: "TEXT",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "OutboxMails",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccountLast4",
                table: "Households",
                type: "TEXT",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NewsMailConsentedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PrivacyNoticeAcceptedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PrivacyNoticeVersion",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountDeletions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Basis = table.Column<int>(type: "INTEGER", nullable: false),
                    DeletedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestReference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountDeletions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountDeletions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountDeletions_At",
                table: "AccountDeletions",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AccountDeletions_UserId",
                table: "AccountDeletions",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountDeletions");

            migrationBuilder.DropColumn(
                name: "PayoutAccountLast4",
                table: "PayoutLines");

            migrationBuilder.DropColumn(
                name: "NumberLast4",
                table: "PayoutAccountChanges");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "PayoutAccountLast4",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NewsMailConsentedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PrivacyNoticeAcceptedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PrivacyNoticeVersion",
                table: "AspNetUsers");

            migrationBuilder.RenameColumn(
                name: "PayoutAccountEncrypted",
                table: "PayoutLines",
                newName: "PayoutAccount");

            migrationBuilder.RenameColumn(
                name: "NumberEncrypted",
                table: "PayoutAccountChanges",
                newName: "Number");

            migrationBuilder.RenameColumn(
                name: "PayoutAccountEncrypted",
                table: "Households",
                newName: "PayoutAccount");
        }
    }
}
