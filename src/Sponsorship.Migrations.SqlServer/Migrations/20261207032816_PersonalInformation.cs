using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.SqlServer.Migrations
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

            migrationBuilder.AlterColumn<string>(
                name: "PayoutAccountEncrypted",
                table: "PayoutLines",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.RenameColumn(
                name: "Number",
                table: "PayoutAccountChanges",
                newName: "NumberEncrypted");

            migrationBuilder.AlterColumn<string>(
                name: "NumberEncrypted",
                table: "PayoutAccountChanges",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.RenameColumn(
                name: "PayoutAccount",
                table: "Households",
                newName: "PayoutAccountEncrypted");

            migrationBuilder.AlterColumn<string>(
                name: "PayoutAccountEncrypted",
                table: "Households",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccountLast4",
                table: "PayoutLines",
                type: "nvarchar(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NumberLast4",
                table: "PayoutAccountChanges",
                type: "nvarchar(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "OutboxMails",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccountLast4",
                table: "Households",
                type: "nvarchar(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedAt",
                table: "AspNetUsers",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NewsMailConsentedAt",
                table: "AspNetUsers",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PrivacyNoticeAcceptedAt",
                table: "AspNetUsers",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PrivacyNoticeVersion",
                table: "AspNetUsers",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountDeletions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Basis = table.Column<int>(type: "int", nullable: false),
                    DeletedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RequestReference = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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

            migrationBuilder.AlterColumn<string>(
                name: "PayoutAccountEncrypted",
                table: "PayoutLines",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(128)",
                oldMaxLength: 128);

            migrationBuilder.RenameColumn(
                name: "PayoutAccountEncrypted",
                table: "PayoutLines",
                newName: "PayoutAccount");

            migrationBuilder.AlterColumn<string>(
                name: "NumberEncrypted",
                table: "PayoutAccountChanges",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(128)",
                oldMaxLength: 128);

            migrationBuilder.RenameColumn(
                name: "NumberEncrypted",
                table: "PayoutAccountChanges",
                newName: "Number");

            migrationBuilder.AlterColumn<string>(
                name: "PayoutAccountEncrypted",
                table: "Households",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(128)",
                oldMaxLength: 128);

            migrationBuilder.RenameColumn(
                name: "PayoutAccountEncrypted",
                table: "Households",
                newName: "PayoutAccount");
        }
    }
}
