using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StimuliUndeliveredIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_stimuli_kind_key",
                table: "stimuli",
                columns: new[] { "kind", "key" },
                filter: "delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_stimuli_kind_name",
                table: "stimuli",
                columns: new[] { "kind", "name" },
                filter: "delivered_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stimuli_kind_key",
                table: "stimuli");

            migrationBuilder.DropIndex(
                name: "ix_stimuli_kind_name",
                table: "stimuli");
        }
    }
}
