import { formatTime } from '../api';
import { Link } from '../router';

export interface DurationGroup { priority: string | null; count: number; medianMinutes: number | null; p90Minutes: number | null }
export interface DurationMetric { clock: 'business' | 'wall-clock'; overall: DurationGroup; byPriority: DurationGroup[] }
export interface ResponseTimes { acknowledge: DurationMetric; firstResponse: DurationMetric; resolution: DurationMetric }
export interface EscalationRateGroup { priority: string | null; tickets: number; escalated: number; ratePercent: number | null }
export interface EscalationRate { tickets: number; escalated: number; ratePercent: number | null; handedOff: number; pagedPastFirstLevel: number; byPriority: EscalationRateGroup[] }
export interface QbrReviews {
  reviews: number; onTime: number; late: number; notHeld: number; onTimePercent: number | null;
  notOnTime: { taskId: string; instanceId: string; accountId: string | null; title: string; dueAt: string; completedAt: string | null; status: string }[];
}

/** Minutes as people read them: "14 min", "2.5 h", "3.1 d". */
export function duration(minutes: number): string {
  if (minutes < 60) return `${Number(minutes.toFixed(1))} min`;
  if (minutes < 2880) return `${Number((minutes / 60).toFixed(1))} h`;
  return `${Number((minutes / 1440).toFixed(1))} d`;
}

const metrics: { key: keyof ResponseTimes; label: string }[] = [
  { key: 'acknowledge', label: 'Acknowledge' }, { key: 'firstResponse', label: 'First response' }, { key: 'resolution', label: 'Resolution' },
];

function clockText(clock: DurationMetric['clock']): string {
  return clock === 'business' ? 'business time' : 'wall clock';
}

function Cell({ group }: { group: DurationGroup }) {
  if (group.count === 0 || group.medianMinutes === null || group.p90Minutes === null) return <td className="muted">no data</td>;
  return <td><span className="num">{duration(group.medianMinutes)}</span> / <span className="num">{duration(group.p90Minutes)}</span> <span className="muted">({group.count})</span></td>;
}

/** Median and 90th percentile of time to acknowledge, first respond and resolve, overall and per priority. */
export function ResponseTimesTile({ times, days }: { times: ResponseTimes; days: number }) {
  const priorities = times.acknowledge.byPriority.map((g) => g.priority ?? 'unknown');
  const find = (m: DurationMetric, p: string) => m.byPriority.find((g) => (g.priority ?? 'unknown') === p) ?? { priority: p, count: 0, medianMinutes: null, p90Minutes: null };
  const nothing = metrics.every((m) => times[m.key].overall.count === 0);
  return (
    <section className="tile wide" aria-labelledby="d-times">
      <h2 id="d-times">Response times, last {days} days</h2>
      {nothing ? <p className="muted" data-testid="times-empty">No data: nothing was acknowledged, answered or resolved in this period.</p> : (
        <table className="list compact times" aria-label="Response times per priority">
          <caption className="muted">median / 90th percentile (count); {metrics.map((m) => `${m.label.toLowerCase()} in ${clockText(times[m.key].clock)}`).join(', ')}</caption>
          <thead><tr><th scope="col">Priority</th>{metrics.map((m) => <th key={m.key} scope="col">{m.label}</th>)}</tr></thead>
          <tbody>
            <tr><th scope="row">All</th>{metrics.map((m) => <Cell key={m.key} group={times[m.key].overall} />)}</tr>
            {priorities.map((p) => <tr key={p}><th scope="row">{p}</th>{metrics.map((m) => <Cell key={m.key} group={find(times[m.key], p)} />)}</tr>)}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The share of the period's tickets that were handed off to another tier or paged past level 1. */
export function EscalationRateTile({ rate, days }: { rate: EscalationRate; days: number }) {
  return (
    <section className="tile" aria-labelledby="d-rate">
      <h2 id="d-rate">Escalation rate</h2>
      {rate.tickets === 0 || rate.ratePercent === null ? <p className="muted" data-testid="rate-empty">No data: no ticket arrived in the last {days} days.</p> : (
        <>
          <p className="overall" data-testid="rate-overall">
            <strong>{rate.ratePercent} %</strong> of {rate.tickets} {rate.tickets === 1 ? 'ticket' : 'tickets'} escalated ({rate.escalated}): {rate.handedOff} handed off to another tier, {rate.pagedPastFirstLevel} paged past level 1
          </p>
          <ul className="bars compliance" aria-label="Escalation rate per priority">
            {rate.byPriority.map((g) => (
              <li key={g.priority ?? ''}>
                <span>{g.priority ?? 'unknown'}</span>
                <span className="track" aria-hidden="true">{g.ratePercent === null ? null : <span className="bar overdue" style={{ width: `${g.ratePercent}%` }} />}</span>
                <span className="num">{g.ratePercent === null ? 'no data' : `${g.ratePercent} %`}</span>
                <span className="muted detail"> {g.escalated} of {g.tickets}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** QBR reviews decided in the period: held by their due time or not, with the ones that were not. */
export function QbrTile({ qbrs, days }: { qbrs: QbrReviews; days: number }) {
  return (
    <section className="tile" aria-labelledby="d-qbr">
      <h2 id="d-qbr">QBRs held on time</h2>
      {qbrs.reviews === 0 || qbrs.onTimePercent === null ? <p className="muted" data-testid="qbr-empty">No data: no QBR review was due in the last {days} days.</p> : (
        <>
          <p className="overall" data-testid="qbr-overall">
            <strong>{qbrs.onTimePercent} %</strong>: {qbrs.onTime} of {qbrs.reviews} {qbrs.reviews === 1 ? 'review' : 'reviews'} on time, {qbrs.late} late, {qbrs.notHeld} not held
          </p>
          {qbrs.notOnTime.length > 0 ? (
            <ul aria-label="QBR reviews not held on time">{qbrs.notOnTime.map((r) => (
              <li key={r.taskId}>
                {r.accountId ? <Link to={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</Link> : <Link to={`/instances/${encodeURIComponent(r.instanceId)}`}>{r.instanceId.slice(0, 12)}</Link>}
                {' '}<span className="muted">due {formatTime(r.dueAt)} · {r.completedAt ? `held ${formatTime(r.completedAt)}` : 'not held'}</span>
              </li>
            ))}</ul>
          ) : null}
        </>
      )}
    </section>
  );
}
