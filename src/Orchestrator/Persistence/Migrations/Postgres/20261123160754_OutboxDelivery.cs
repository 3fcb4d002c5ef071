using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Orchestrator.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "delivery_status",
                table: "outbox",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_id",
                table: "outbox",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "outbox_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    outbox_id = table.Column<string>(type: "text", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_attempts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_provider_id",
                table: "outbox",
                column: "provider_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_attempts_outbox_id",
                table: "outbox_attempts",
                column: "outbox_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_attempts");

            migrationBuilder.DropIndex(
                name: "ix_outbox_provider_id",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "delivery_status",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "provider_id",
                table: "outbox");
        }
    }
}
