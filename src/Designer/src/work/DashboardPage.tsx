import { useEffect, useMemo, useState } from 'react';
import { api, formatTime, type Me } from '../api';
import { Link } from '../router';

export interface DashboardData {
  instances: { definitionId: string; subStatus: string; count: number }[];
  tasksByStatus: { status: string; count: number }[];
  overdueByOwner: { ownerPersonId: string; count: number }[];
  escalationsInFlight: { instanceId: string; definitionId: string; activityId: string; subject: string | null }[];
  openIncidents: { instanceId: string; definitionId: string; activityId: string; activityType: string; message: string; timestamp: string }[];
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

/** What the host can count today: work in flight, overdue tasks, escalations waiting for an answer, runs in trouble. */
export default function DashboardPage(_: { me: Me }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<DashboardData>('/api/dashboard').then(setData).catch((e: Error) => setError(e.message));
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
      <h1>Dashboard</h1>
      <div className="tiles">
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
      <p className="muted">SLA compliance per priority and tier, breach reasons, backlog age and onboarding progress across accounts are not shown: the host does not record them in a form it can count yet. Each run's SLA timeline is on its instance page.</p>
    </section>
  );
}
