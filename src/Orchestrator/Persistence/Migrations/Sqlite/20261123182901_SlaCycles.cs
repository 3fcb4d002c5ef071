using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SlaCycles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sla_cycles",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    timer_id = table.Column<string>(type: "TEXT", nullable: false),
                    instance_id = table.Column<string>(type: "TEXT", nullable: false),
                    activity_id = table.Column<string>(type: "TEXT", nullable: false),
                    definition_id = table.Column<string>(type: "TEXT", nullable: true),
                    ticket_id = table.Column<string>(type: "TEXT", nullable: false),
                    metric = table.Column<string>(type: "TEXT", nullable: false),
                    priority = table.Column<string>(type: "TEXT", nullable: false),
                    tier = table.Column<string>(type: "TEXT", nullable: true),
                    calendar_id = table.Column<string>(type: "TEXT", nullable: false),
                    target_minutes = table.Column<double>(type: "REAL", nullable: false),
                    cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    is_open = table.Column<bool>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deadline_at = table.Column<long>(type: "INTEGER", nullable: true),
                    met_at = table.Column<long>(type: "INTEGER", nullable: true),
                    breached_at = table.Column<long>(type: "INTEGER", nullable: true),
                    breach_theoretical_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    business_elapsed_minutes = table.Column<double>(type: "REAL", nullable: false),
                    wall_clock_elapsed_minutes = table.Column<double>(type: "REAL", nullable: false),
                    paused_minutes = table.Column<double>(type: "REAL", nullable: false),
                    breach_reason = table.Column<string>(type: "TEXT", nullable: true),
                    steps = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_cycles", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sla_cycles_breached_at",
                table: "sla_cycles",
                column: "breached_at");

            migrationBuilder.CreateIndex(
                name: "ix_sla_cycles_instance_id",
                table: "sla_cycles",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_cycles_is_open",
                table: "sla_cycles",
                column: "is_open");

            migrationBuilder.CreateIndex(
                name: "ix_sla_cycles_met_at",
                table: "sla_cycles",
                column: "met_at");

            migrationBuilder.CreateIndex(
                name: "ix_sla_cycles_ticket_id",
                table: "sla_cycles",
                column: "ticket_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sla_cycles");
        }
    }
}
