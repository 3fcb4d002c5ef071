using System.Globalization;
using Jint.Runtime;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// Makes <c>new Date()</c> and <c>Date.now()</c> read the workflow's clock, so timers and tests that fake time
/// see the same "now" as scripts. Runs in UTC with the invariant culture so a script's output does not depend on
/// the server it happens to run on.
/// </summary>
internal sealed class ContextTimeSystem(TimeProvider timeProvider)
    : DefaultTimeSystem(TimeZoneInfo.Utc, CultureInfo.InvariantCulture)
{
    public override DateTimeOffset GetUtcNow() => timeProvider.GetUtcNow();
}
