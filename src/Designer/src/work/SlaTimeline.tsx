import { formatTime } from '../api';

/** One step of an SLA cycle's timeline, as the timer recorded it. */
export interface SlaStep {
  type: string; at: string; cycle: number; priority: string; businessElapsedMinutes: number; wallClockElapsedMinutes: number;
  threshold?: string; note?: string; tier?: string; theoreticalAt?: string; detectedAt?: string;
}

/** One SLA cycle as `GET /api/workflow-instances/{id}/sla` answers it. */
export interface SlaCycleRecord {
  id: string; instanceId: string; activityId: string; ticketId: string; metric: string; priority: string; tier: string | null;
  calendarId: string; targetMinutes: number; cycle: number; status: string; open: boolean; startedAt: string; deadlineAt: string | null;
  metAt: string | null; breachedAt: string | null; breachTheoreticalAt: string | null; endedAt: string | null;
  businessElapsedMinutes: number; wallClockElapsedMinutes: number; pausedMinutes: number; breachReason: string | null; steps: SlaStep[];
}

/** Spans (in wall-clock minutes from the cycle start) during which the clock was paused. */
export function pauses(steps: SlaStep[], end: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  let from: number | null = null;
  for (const e of steps) {
    if (e.type === 'paused' && from === null) from = e.wallClockElapsedMinutes;
    else if (e.type === 'resumed' && from !== null) { spans.push({ from, to: e.wallClockElapsedMinutes }); from = null; }
  }
  if (from !== null) spans.push({ from, to: end });
  return spans;
}

const colors = { counting: '#60a5fa', paused: '#cbd5e1', breached: '#f04438', warning: '#f79009', met: '#12b76a' };

export function minutes(n: number): string {
  if (n >= 1440) return `${(n / 1440).toFixed(n % 1440 ? 1 : 0)} d`;
  if (n >= 120) return `${(n / 60).toFixed(n % 60 ? 1 : 0)} h`;
  return `${Math.round(n)} min`;
}

/** One bar per SLA cycle on a wall-clock axis: counting time blue, pauses grey, time past the breach red, warnings amber, met green. */
export function SlaTimelines({ cycles, running, now }: { cycles: SlaCycleRecord[]; running: boolean; now: number }) {
  if (cycles.length === 0) return null;
  return (
    <section className="sla" aria-labelledby="sla-title" data-testid="sla">
      <h2 id="sla-title">SLA timelines</h2>
      <p className="legend">
        {Object.entries({ counting: 'business time counting', paused: 'paused', breached: 'past the breach', warning: 'warning', met: 'met' }).map(([k, label]) => (
          <span key={k}><span className="swatch" style={{ background: colors[k as keyof typeof colors] }} />{label}</span>
        ))}
      </p>
      {cycles.map((c) => <CycleBar key={c.id} cycle={c} running={running} now={now} />)}
    </section>
  );
}

function CycleBar({ cycle, running, now }: { cycle: SlaCycleRecord; running: boolean; now: number }) {
  const steps = cycle.steps;
  const lastWall = Math.max(cycle.wallClockElapsedMinutes, ...steps.map((e) => e.wallClockElapsedMinutes));
  const end = Math.max(1, !cycle.open || !running ? lastWall : Math.max(lastWall, (now - Date.parse(cycle.startedAt)) / 60000));
  const width = 1000;
  const x = (wall: number) => (Math.min(wall, end) / end) * width;
  const paused = pauses(steps, end);
  const breach = steps.find((e) => e.type === 'breached');
  const label = `${cycle.activityId}: ${cycle.metric} SLA for ${cycle.ticketId}, cycle ${cycle.cycle}, ${cycle.priority}${cycle.tier ? `, ${cycle.tier}` : ''}`;
  const summary = `${minutes(cycle.businessElapsedMinutes)} business time of a ${minutes(cycle.targetMinutes)} target over ${minutes(end)} wall clock`
    + `${paused.length ? `, paused ${paused.length}×` : ''}, ${cycle.status}`;
  return (
    <figure className="sla-cycle" data-testid="sla-cycle">
      <figcaption>
        <strong>{label}</strong> <span className="muted">{summary}{cycle.deadlineAt && cycle.status !== 'met' ? ` · due ${formatTime(cycle.deadlineAt)}` : ''}</span>
        {cycle.breachReason && <div className="breach-reason">{cycle.breachReason}</div>}
      </figcaption>
      <svg viewBox={`0 0 ${width} 44`} role="img" aria-label={`${label}: ${summary}`}>
        <rect x={0} y={8} width={width} height={18} fill={colors.counting} data-kind="counting" />
        {breach && <rect x={x(breach.wallClockElapsedMinutes)} y={8} width={width - x(breach.wallClockElapsedMinutes)} height={18} fill={colors.breached} data-kind="breached" />}
        {paused.map((p, i) => <rect key={i} x={x(p.from)} y={8} width={Math.max(1, x(p.to) - x(p.from))} height={18} fill={colors.paused} data-kind="paused" />)}
        {steps.filter((e) => e.type === 'warning' || e.type === 'warning-passed').map((e, i) => (
          <g key={`w${i}`} data-kind="warning"><line x1={x(e.wallClockElapsedMinutes)} x2={x(e.wallClockElapsedMinutes)} y1={2} y2={32} stroke={colors.warning} strokeWidth={3} /><text x={x(e.wallClockElapsedMinutes) + 3} y={42} fontSize={10}>{e.threshold ?? 'warning'}</text></g>
        ))}
        {breach && <line x1={x(breach.wallClockElapsedMinutes)} x2={x(breach.wallClockElapsedMinutes)} y1={0} y2={34} stroke="#7a271a" strokeWidth={3} data-kind="breach-line" />}
        {steps.filter((e) => e.type === 'met').map((e, i) => <circle key={`m${i}`} cx={Math.min(x(e.wallClockElapsedMinutes), width - 7)} cy={17} r={7} fill={colors.met} data-kind="met" />)}
      </svg>
      <details>
        <summary>Steps</summary>
        <table className="list">
          <thead><tr><th scope="col">When</th><th scope="col">Step</th><th scope="col">Business</th><th scope="col">Wall clock</th><th scope="col">Note</th></tr></thead>
          <tbody>{steps.map((e, i) => (
            <tr key={i}><td>{formatTime(e.at)}</td><td>{e.type}{e.threshold ? ` ${e.threshold}` : ''}</td><td>{minutes(e.businessElapsedMinutes)}</td><td>{minutes(e.wallClockElapsedMinutes)}</td><td>{e.note ?? ''}</td></tr>
          ))}</tbody>
        </table>
      </details>
    </figure>
  );
}
