using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sponsorship.Migrations.Sqlite.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Transactions = table.Column<long>(type: "INTEGER", nullable: false),
                    Entries = table.Column<long>(type: "INTEGER", nullable: false),
                    Balances = table.Column<string>(type: "TEXT", nullable: false),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerChecks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Full = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FromTransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    UpToTransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Transactions = table.Column<long>(type: "INTEGER", nullable: false),
                    Entries = table.Column<long>(type: "INTEGER", nullable: false),
                    Intact = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstBrokenTransactionId = table.Column<long>(type: "INTEGER", nullable: true),
                    CheckpointMismatch = table.Column<bool>(type: "INTEGER", nullable: false),
                    UnbalancedTransactions = table.Column<int>(type: "INTEGER", nullable: false),
                    BalanceMismatches = table.Column<int>(type: "INTEGER", nullable: false),
                    GlobalSumFen = table.Column<long>(type: "INTEGER", nullable: false),
                    BalancesSumFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerChecks", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "LedgerCheckpoints",
                columns: new[] { "Id", "Balances", "Entries", "Hash", "TransactionId", "Transactions", "VerifiedAt" },
                values: new object[] { 1, "{}", 0L, "0000000000000000000000000000000000000000000000000000000000000000", 0L, 0L, 1304851120128000000L });

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
