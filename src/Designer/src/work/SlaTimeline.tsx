import { formatTime } from '../api';

// An SLA timer writes every step of its timeline to the journal as a note, so the instance view can draw it for running
// and finished timers alike: "SLA resolution zendesk:1 cycle 1 P2: warning 50%; business 720 min, wall clock 800 min".
const notePattern = /^SLA (\S+) (.+?) cycle (\d+) (\S+): (\S+)(?: ([^\s(;]+))?(?: \((.*)\))?; business ([\d.]+) min, wall clock ([\d.]+) min$/;

export interface SlaEvent { type: string; at: number; threshold?: string; note?: string; business: number; wall: number; priority: string }
export interface SlaCycle { cycle: number; start: number; priority: string; events: SlaEvent[] }
export interface SlaTimeline { activityId: string; metric: string; ticketId: string; cycles: SlaCycle[] }

interface JournalLike { timestamp: string; activityId: string; event: string; message: string | null }

export function slaTimelines(journal: JournalLike[]): SlaTimeline[] {
  const byActivity = new Map<string, SlaTimeline>();
  for (const e of journal) {
    if (e.event !== 'Note' || !e.message) continue;
    const m = notePattern.exec(e.message);
    if (!m) continue;
    const [, metric, ticketId, cycleText, priority, type, threshold, note, business, wall] = m;
    const at = Date.parse(e.timestamp);
    const timeline = byActivity.get(e.activityId) ?? { activityId: e.activityId, metric, ticketId, cycles: [] };
    byActivity.set(e.activityId, timeline);
    const number = Number(cycleText);
    let cycle = timeline.cycles.find((c) => c.cycle === number);
    const event: SlaEvent = { type, at, business: Number(business), wall: Number(wall), priority, ...(threshold ? { threshold } : {}), ...(note ? { note } : {}) };
    if (!cycle) {
      cycle = { cycle: number, start: at - event.wall * 60000, priority, events: [] };
      timeline.cycles.push(cycle);
    }
    cycle.priority = priority;
    cycle.events.push(event);
  }
  return [...byActivity.values()];
}

/** The target in business minutes, where the timeline tells it: at the breach, or from a percentage warning. */
export function inferredTarget(cycle: SlaCycle): number | null {
  const breach = cycle.events.find((e) => e.type === 'breached');
  if (breach) return breach.business;
  const warning = cycle.events.find((e) => e.type === 'warning' && e.threshold?.endsWith('%'));
  if (warning) {
    const percent = Number(warning.threshold!.slice(0, -1));
    if (percent > 0) return Math.round((warning.business * 100) / percent);
  }
  return null;
}

/** Spans (in wall-clock minutes from the cycle start) during which the clock was paused. */
export function pauses(cycle: SlaCycle, end: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  let from: number | null = null;
  for (const e of cycle.events) {
    if (e.type === 'paused' && from === null) from = e.wall;
    else if (e.type === 'resumed' && from !== null) { spans.push({ from, to: e.wall }); from = null; }
  }
  if (from !== null) spans.push({ from, to: end });
  return spans;
}

const ended = new Set(['met', 'stopped', 'cycle-ended']);
const colors = { counting: '#60a5fa', paused: '#cbd5e1', breached: '#f04438', warning: '#f79009', met: '#12b76a' };

function minutes(n: number): string {
  if (n >= 1440) return `${(n / 1440).toFixed(n % 1440 ? 1 : 0)} d`;
  if (n >= 120) return `${(n / 60).toFixed(n % 60 ? 1 : 0)} h`;
  return `${Math.round(n)} min`;
}

/** One bar per SLA cycle on a wall-clock axis: counting time blue, pauses grey, time past the breach red, warnings amber, met green. */
export function SlaTimelines({ journal, running, now }: { journal: JournalLike[]; running: boolean; now: number }) {
  const timelines = slaTimelines(journal);
  if (timelines.length === 0) return null;
  return (
    <section className="sla" aria-labelledby="sla-title" data-testid="sla">
      <h2 id="sla-title">SLA timelines</h2>
      <p className="legend">
        {Object.entries({ counting: 'business time counting', paused: 'paused', breached: 'past the breach', warning: 'warning', met: 'met' }).map(([k, label]) => (
          <span key={k}><span className="swatch" style={{ background: colors[k as keyof typeof colors] }} />{label}</span>
        ))}
      </p>
      {timelines.map((t) => t.cycles.map((c) => <CycleBar key={`${t.activityId}:${c.cycle}`} timeline={t} cycle={c} running={running} now={now} />))}
    </section>
  );
}

function CycleBar({ timeline, cycle, running, now }: { timeline: SlaTimeline; cycle: SlaCycle; running: boolean; now: number }) {
  const last = cycle.events[cycle.events.length - 1];
  const closed = cycle.events.some((e) => ended.has(e.type));
  const end = Math.max(1, closed || !running ? last.wall : Math.max(last.wall, (now - cycle.start) / 60000));
  const width = 1000;
  const x = (wall: number) => (Math.min(wall, end) / end) * width;
  const paused = pauses(cycle, end);
  const breach = cycle.events.find((e) => e.type === 'breached');
  const target = inferredTarget(cycle);
  const business = Math.max(...cycle.events.map((e) => e.business));
  const label = `${timeline.activityId}: ${timeline.metric} SLA for ${timeline.ticketId}, cycle ${cycle.cycle}, ${cycle.priority}`;
  const summary = `${minutes(business)} business time${target ? ` of a ${minutes(target)} target` : ''} over ${minutes(end)} wall clock`
    + `${paused.length ? `, paused ${paused.length}×` : ''}${breach ? ', breached' : cycle.events.some((e) => e.type === 'met') ? ', met' : ''}`;
  return (
    <figure className="sla-cycle" data-testid="sla-cycle">
      <figcaption><strong>{label}</strong> <span className="muted">{summary}</span></figcaption>
      <svg viewBox={`0 0 ${width} 44`} role="img" aria-label={`${label}: ${summary}`}>
        <rect x={0} y={8} width={width} height={18} fill={colors.counting} data-kind="counting" />
        {breach && <rect x={x(breach.wall)} y={8} width={width - x(breach.wall)} height={18} fill={colors.breached} data-kind="breached" />}
        {paused.map((p, i) => <rect key={i} x={x(p.from)} y={8} width={Math.max(1, x(p.to) - x(p.from))} height={18} fill={colors.paused} data-kind="paused" />)}
        {cycle.events.filter((e) => e.type === 'warning' || e.type === 'warning-passed').map((e, i) => (
          <g key={`w${i}`} data-kind="warning"><line x1={x(e.wall)} x2={x(e.wall)} y1={2} y2={32} stroke={colors.warning} strokeWidth={3} /><text x={x(e.wall) + 3} y={42} fontSize={10}>{e.threshold ?? 'warning'}</text></g>
        ))}
        {breach && <line x1={x(breach.wall)} x2={x(breach.wall)} y1={0} y2={34} stroke="#7a271a" strokeWidth={3} data-kind="breach-line" />}
        {cycle.events.filter((e) => e.type === 'met').map((e, i) => <circle key={`m${i}`} cx={Math.min(x(e.wall), width - 7)} cy={17} r={7} fill={colors.met} data-kind="met" />)}
      </svg>
      <details>
        <summary>Steps</summary>
        <table className="list">
          <thead><tr><th scope="col">When</th><th scope="col">Step</th><th scope="col">Business</th><th scope="col">Wall clock</th><th scope="col">Note</th></tr></thead>
          <tbody>{cycle.events.map((e, i) => (
            <tr key={i}><td>{formatTime(new Date(e.at).toISOString())}</td><td>{e.type}{e.threshold ? ` ${e.threshold}` : ''}</td><td>{minutes(e.business)}</td><td>{minutes(e.wall)}</td><td>{e.note ?? ''}</td></tr>
          ))}</tbody>
        </table>
      </details>
    </figure>
  );
}
