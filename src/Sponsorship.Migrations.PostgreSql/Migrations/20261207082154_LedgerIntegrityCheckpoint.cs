using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sponsorship.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class LedgerIntegrityCheckpoint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LedgerCheckpoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Transactions = table.Column<long>(type: "bigint", nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    Balances = table.Column<string>(type: "text", nullable: false),
                    VerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerChecks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Full = table.Column<bool>(type: "boolean", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FromTransactionId = table.Column<long>(type: "bigint", nullable: false),
                    UpToTransactionId = table.Column<long>(type: "bigint", nullable: false),
                    Transactions = table.Column<long>(type: "bigint", nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    Intact = table.Column<bool>(type: "boolean", nullable: false),
                    FirstBrokenTransactionId = table.Column<long>(type: "bigint", nullable: true),
                    CheckpointMismatch = table.Column<bool>(type: "boolean", nullable: false),
                    UnbalancedTransactions = table.Column<int>(type: "integer", nullable: false),
                    BalanceMismatches = table.Column<int>(type: "integer", nullable: false),
                    GlobalSumFen = table.Column<long>(type: "bigint", nullable: false),
                    BalancesSumFen = table.Column<long>(type: "bigint", nullable: false),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerChecks", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "LedgerCheckpoints",
                columns: new[] { "Id", "Balances", "Entries", "Hash", "TransactionId", "Transactions", "VerifiedAt" },
                values: new object[] { 1, "{}", 0L, "0000000000000000000000000000000000000000000000000000000000000000", 0L, 0L, new DateTimeOffset(new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerChecks_FinishedAt",
                table: "LedgerChecks",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerChecks_Full_FinishedAt",
                table: "LedgerChecks",
                columns: new[] { "Full", "FinishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LedgerCheckpoints");

            migrationBuilder.DropTable(
                name: "LedgerChecks");
        }
    }
}
