import { useEffect, useMemo, useState } from 'react';
import { api, formatTime, type Me } from '../api';
import { Link } from '../router';
import { EscalationRateTile, QbrTile, ResponseTimesTile, type EscalationRate, type QbrReviews, type ResponseTimes } from './SupportMetrics';

export interface DashboardData {
  instances: { definitionId: string; subStatus: string; count: number }[];
  tasksByStatus: { status: string; count: number }[];
  overdueByOwner: { ownerPersonId: string; count: number }[];
  escalationsInFlight: { instanceId: string; definitionId: string; activityId: string; subject: string | null }[];
  openIncidents: { instanceId: string; definitionId: string; activityId: string; activityType: string; message: string; timestamp: string }[];
  sla: {
    days: number; from: string; overall: ComplianceGroup; byPriority: ComplianceGroup[]; byTier: ComplianceGroup[];
    recentBreaches: { instanceId: string; definitionId: string | null; activityId: string; ticketId: string; metric: string; priority: string; tier: string | null; breachedAt: string; breachTheoreticalAt: string | null; open: boolean; reason: string | null }[];
  };
  backlog: { count: number; oldestAgeHours: number; totalAgeHours: number; byPriority: BacklogGroup[] };
  onboarding: { accountId: string; customer: string | null; instanceId: string; tasks: number; completed: number; overdue: number; percentComplete: number; currentPhase: string | null }[];
  responseTimes: ResponseTimes;
  escalations: EscalationRate;
  qbrs: QbrReviews;
}

export interface ComplianceGroup { key: string | null; met: number; breached: number; running: number; compliancePercent: number | null }
export interface BacklogGroup { priority: string; count: number; underOneDay: number; oneToThreeDays: number; threeToSevenDays: number; overSevenDays: number; oldestAgeHours: number; oldestTicketId: string | null; totalAgeHours: number }

const windows = [7, 30, 90];
const buckets: { key: keyof BacklogGroup; label: string }[] = [
  { key: 'underOneDay', label: '< 1 d' }, { key: 'oneToThreeDays', label: '1–3 d' }, { key: 'threeToSevenDays', label: '3–7 d' }, { key: 'overSevenDays', label: '> 7 d' },
];

function age(hours: number): string {
  return hours >= 48 ? `${(hours / 24).toFixed(1)} d` : `${hours.toFixed(1)} h`;
}

function percent(p: number | null): string {
  return p === null ? 'no outcome' : `${p} %`;
}

/** Compliance as a bar per group (met / (met + breached)), the numbers beside it as text. */
function ComplianceBars({ label, groups, none }: { label: string; groups: ComplianceGroup[]; none: string }) {
  if (groups.length === 0) return <p className="muted">No SLA cycles in this window.</p>;
  return (
    <ul className="bars compliance" aria-label={label}>
      {groups.map((g) => (
        <li key={g.key ?? ''}>
          <span>{g.key ?? none}</span>
          <span className="track" aria-hidden="true"><span className={`bar ${g.compliancePercent !== null && g.compliancePercent < 90 ? 'overdue' : 'ok'}`} style={{ width: `${g.compliancePercent ?? 0}%` }} /></span>
          <span className="num">{percent(g.compliancePercent)}</span>
          <span className="muted detail"> {g.met} met · {g.breached} breached · {g.running} running</span>
        </li>
      ))}
    </ul>
  );
}

const instanceStatuses = ['Executing', 'Suspended', 'Faulted', 'Finished', 'Cancelled', 'Pending'];
const taskStatuses = ['open', 'overdue', 'completed', 'cancelled', 'expired'];

function Bars({ label, rows, kind }: { label: string; rows: { key: string; label: React.ReactNode; count: number }[]; kind?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ul className="bars" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key}>
          <span>{r.label}</span>
          <span className={`bar ${kind ?? ''}`} style={{ width: `${(100 * r.count) / max}%` }} aria-hidden="true" />
          <span className="num">{r.count}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The operator's view: SLA compliance and breaches, the backlog's age and support debt, response times, the escalation
 * rate, QBRs held on time, onboarding across accounts, work in flight, overdue tasks, escalations waiting for an answer
 * and runs in trouble.
 */
export default function DashboardPage(_: { me: Me }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [days, setDays] = useState(30);
  useEffect(() => {
    api<DashboardData>(`/api/dashboard?days=${days}`).then(setData).catch((e: Error) => setError(e.message));
  }, [days]);
  useEffect(() => {
    api<{ id: string; name: string }[]>('/api/people').then((p) => setNames(new Map(p.map((x) => [x.id, x.name])))).catch(() => {});
  }, []);

  const definitions = useMemo(() => {
    const map = new Map<string, Map<string, number>>();
    for (const i of data?.instances ?? []) {
      const row = map.get(i.definitionId) ?? new Map<string, number>();
      row.set(i.subStatus, (row.get(i.subStatus) ?? 0) + i.count);
      map.set(i.definitionId, row);
    }
    return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [data]);

  if (error) return <section className="page"><h1>Dashboard</h1><p role="alert" className="error">{error}</p></section>;
  if (!data) return <p className="loading">Loading…</p>;
  const taskCount = (s: string) => data.tasksByStatus.find((t) => t.status === s)?.count ?? 0;
  const total = (s: string) => definitions.reduce((n, [, row]) => n + (row.get(s) ?? 0), 0);

  return (
    <section className="page dashboard">
      <div className="dashboard-head">
        <h1>Dashboard</h1>
        <label>Period{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {windows.map((d) => <option key={d} value={d}>last {d} days</option>)}
          </select>
        </label>
      </div>
      <div className="tiles">
        <section className="tile" aria-labelledby="d-sla-priority">
          <h2 id="d-sla-priority">SLA compliance per priority</h2>
          <p className="overall" data-testid="sla-overall">
            <strong>{percent(data.sla.overall.compliancePercent)}</strong> over {data.sla.days} days: {data.sla.overall.met} met, {data.sla.overall.breached} breached, {data.sla.overall.running} running
          </p>
          <ComplianceBars label="SLA compliance per priority" groups={data.sla.byPriority} none="none" />
        </section>
        <section className="tile" aria-labelledby="d-sla-tier">
          <h2 id="d-sla-tier">SLA compliance per tier</h2>
          <ComplianceBars label="SLA compliance per tier" groups={data.sla.byTier} none="no tier" />
        </section>
        <section className="tile" aria-labelledby="d-backlog">
          <h2 id="d-backlog">Backlog: {data.backlog.count} open {data.backlog.count === 1 ? 'ticket' : 'tickets'}{data.backlog.count > 0 ? `, oldest ${age(data.backlog.oldestAgeHours)}` : ''}</h2>
          {data.backlog.count > 0 ? <p className="overall" data-testid="support-debt">Support debt: <strong>{age(data.backlog.totalAgeHours)}</strong> total age of open tickets</p> : null}
          {data.backlog.byPriority.length === 0 ? <p className="muted">No ticket has an SLA running.</p> : (
            <table className="list compact" aria-label="Backlog by priority and age">
              <thead><tr><th scope="col">Priority</th>{buckets.map((b) => <th key={b.key} scope="col">{b.label}</th>)}<th scope="col">Oldest</th><th scope="col">Debt</th></tr></thead>
              <tbody>{data.backlog.byPriority.map((g) => (
                <tr key={g.priority}>
                  <th scope="row">{g.priority} <span className="muted">({g.count})</span></th>
                  {buckets.map((b) => <td key={b.key} className={b.key === 'overSevenDays' && g.overSevenDays > 0 ? 'debt' : ''}>{g[b.key]}</td>)}
                  <td>{age(g.oldestAgeHours)}{g.oldestTicketId ? <span className="muted"> {g.oldestTicketId}</span> : null}</td>
                  <td>{age(g.totalAgeHours)}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </section>
        <ResponseTimesTile times={data.responseTimes} days={data.sla.days} />
        <EscalationRateTile rate={data.escalations} days={data.sla.days} />
        <QbrTile qbrs={data.qbrs} days={data.sla.days} />
        <section className="tile" aria-labelledby="d-onboarding">
          <h2 id="d-onboarding">Onboarding progress</h2>
          {data.onboarding.length === 0 ? <p className="muted">No account has an onboarding run.</p> : (
            <ul className="onboarding" aria-label="Onboarding progress per account">{data.onboarding.map((a) => (
              <li key={a.accountId}>
                <Link to={`/accounts/${encodeURIComponent(a.accountId)}`}>{a.customer ?? a.accountId}</Link>
                <progress max={100} value={a.percentComplete} aria-label={`${a.customer ?? a.accountId} onboarding`} />
                <span className="num">{a.percentComplete} %</span>
                <span className="muted">{a.completed}/{a.tasks} tasks · {a.currentPhase ?? 'no open task'}{a.overdue > 0 ? <span className="error"> · {a.overdue} overdue</span> : null}</span>
              </li>
            ))}</ul>
          )}
        </section>
        <section className="tile" aria-labelledby="d-overdue">
          <h2 id="d-overdue">Overdue tasks per owner</h2>
          {data.overdueByOwner.length === 0 ? <p className="muted">No overdue tasks.</p> : (
            <Bars label="Overdue tasks per owner" kind="overdue" rows={data.overdueByOwner.map((o) => ({
              key: o.ownerPersonId, count: o.count,
              label: <Link to={`/tasks?owner=${encodeURIComponent(o.ownerPersonId)}&status=overdue`}>{names.get(o.ownerPersonId) ?? o.ownerPersonId}</Link>,
            }))} />
          )}
        </section>
        <section className="tile" aria-labelledby="d-tasks">
          <h2 id="d-tasks">Tasks by status</h2>
          <Bars label="Tasks by status" rows={taskStatuses.map((s) => ({ key: s, count: taskCount(s), label: <Link to={`/tasks?owner=anyone&status=${s}`}>{s}</Link> }))} />
        </section>
        <section className="tile" aria-labelledby="d-esc">
          <h2 id="d-esc">Escalations in flight ({data.escalationsInFlight.length})</h2>
          {data.escalationsInFlight.length === 0 ? <p className="muted">No escalation waits for an acknowledgement.</p> : (
            <ul>{data.escalationsInFlight.map((e) => (
              <li key={`${e.instanceId}:${e.activityId}`}><Link to={`/instances/${encodeURIComponent(e.instanceId)}`}>{e.subject ?? e.instanceId.slice(0, 12)}</Link> <span className="muted">{e.definitionId} · {e.activityId}</span></li>
            ))}</ul>
          )}
        </section>
        <section className="tile" aria-labelledby="d-incidents">
          <h2 id="d-incidents">Open incidents ({data.openIncidents.length})</h2>
          {data.openIncidents.length === 0 ? <p className="muted">None.</p> : (
            <ul>{data.openIncidents.map((i) => (
              <li key={`${i.instanceId}:${i.activityId}:${i.timestamp}`}><Link to={`/instances/${encodeURIComponent(i.instanceId)}`}>{i.definitionId} · {i.activityId}</Link> <span className="muted">{formatTime(i.timestamp)}</span><div className="error">{i.message}</div></li>
            ))}</ul>
          )}
        </section>
      </div>
      <h2 id="d-breaches">Recent SLA breaches ({data.sla.recentBreaches.length})</h2>
      {data.sla.recentBreaches.length === 0 ? <p className="muted">No breach in the last {data.sla.days} days.</p> : (
        <table className="list breaches" aria-labelledby="d-breaches">
          <thead><tr><th scope="col">Breached</th><th scope="col">Ticket</th><th scope="col">SLA</th><th scope="col">Tier</th><th scope="col">Reason</th></tr></thead>
          <tbody>{data.sla.recentBreaches.map((b) => (
            <tr key={`${b.instanceId}:${b.activityId}:${b.breachedAt}`}>
              <td>{formatTime(b.breachedAt)}</td>
              <td><Link to={`/instances/${encodeURIComponent(b.instanceId)}`}>{b.ticketId}</Link>{b.open ? <span className="muted"> open</span> : null}</td>
              <td>{b.priority} {b.metric}</td>
              <td>{b.tier ?? '—'}</td>
              <td>{b.reason ?? ''}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <h2>Instances by workflow and status</h2>
      {definitions.length === 0 ? <p className="muted">No runs yet.</p> : (
        <table className="list" aria-label="Instances by workflow and status">
          <thead><tr><th scope="col">Workflow</th>{instanceStatuses.map((s) => <th key={s} scope="col">{s}</th>)}</tr></thead>
          <tbody>
            {definitions.map(([id, row]) => (
              <tr key={id}>
                <th scope="row"><Link to={`/instances?definitionId=${encodeURIComponent(id)}`}>{id}</Link></th>
                {instanceStatuses.map((s) => <td key={s}>{row.get(s) ? <Link to={`/instances?definitionId=${encodeURIComponent(id)}&status=${s}`}>{row.get(s)}</Link> : '—'}</td>)}
              </tr>
            ))}
          </tbody>
          <tfoot><tr><th scope="row">All</th>{instanceStatuses.map((s) => <td key={s}>{total(s)}</td>)}</tr></tfoot>
        </table>
      )}
    </section>
  );
}
