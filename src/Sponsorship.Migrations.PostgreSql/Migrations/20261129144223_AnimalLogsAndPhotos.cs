using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sponsorship.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AnimalLogsAndPhotos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnimalLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SheepId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    QuantityKg = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: true),
                    Vet = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Pasture = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    RemovalReason = table.Column<int>(type: "integer", nullable: true),
                    LambId = table.Column<int>(type: "integer", nullable: true),
                    Review = table.Column<int>(type: "integer", nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnimalLogs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnimalLogs_Sheep_LambId",
                        column: x => x.LambId,
                        principalTable: "Sheep",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AnimalLogs_Sheep_SheepId",
                        column: x => x.SheepId,
                        principalTable: "Sheep",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SheepPhotos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LogId = table.Column<long>(type: "bigint", nullable: false),
                    SheepId = table.Column<int>(type: "integer", nullable: false),
                    LargeKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ThumbnailKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SheepPhotos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SheepPhotos_AnimalLogs_LogId",
                        column: x => x.LogId,
                        principalTable: "AnimalLogs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SheepPhotos_Sheep_SheepId",
                        column: x => x.SheepId,
                        principalTable: "Sheep",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnimalLogs_IdempotencyKey",
                table: "AnimalLogs",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnimalLogs_LambId",
                table: "AnimalLogs",
                column: "LambId");

            migrationBuilder.CreateIndex(
                name: "IX_AnimalLogs_Review_RecordedAt",
                table: "AnimalLogs",
                columns: new[] { "Review", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnimalLogs_SheepId_Kind_Review_At",
                table: "AnimalLogs",
                columns: new[] { "SheepId", "Kind", "Review", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SheepPhotos_LargeKey",
                table: "SheepPhotos",
                column: "LargeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SheepPhotos_LogId",
                table: "SheepPhotos",
                column: "LogId");

            migrationBuilder.CreateIndex(
                name: "IX_SheepPhotos_SheepId",
                table: "SheepPhotos",
                column: "SheepId");

            migrationBuilder.CreateIndex(
                name: "IX_SheepPhotos_ThumbnailKey",
                table: "SheepPhotos",
                column: "ThumbnailKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SheepPhotos");

            migrationBuilder.DropTable(
                name: "AnimalLogs");
        }
    }
}
