using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HumanTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "human_tasks",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    instance_id = table.Column<string>(type: "text", nullable: false),
                    activity_id = table.Column<string>(type: "text", nullable: false),
                    definition_id = table.Column<string>(type: "text", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    owner_person_id = table.Column<string>(type: "text", nullable: false),
                    owner_role = table.Column<string>(type: "text", nullable: true),
                    account_id = table.Column<string>(type: "text", nullable: true),
                    phase = table.Column<string>(type: "text", nullable: true),
                    milestone = table.Column<string>(type: "text", nullable: true),
                    due_at = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    completed_at = table.Column<long>(type: "bigint", nullable: true),
                    completed_by = table.Column<string>(type: "text", nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    reassignments = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_human_tasks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_account_id",
                table: "human_tasks",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_due_at",
                table: "human_tasks",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_instance_id",
                table: "human_tasks",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_owner_person_id_status",
                table: "human_tasks",
                columns: new[] { "owner_person_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "human_tasks");
        }
    }
}
