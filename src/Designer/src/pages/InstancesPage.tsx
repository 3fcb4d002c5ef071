import { useEffect, useState, type FormEvent } from 'react';
import { api, formatTime, type Me } from '../api';
import { Link, useRoute } from '../router';

export interface InstanceSummary {
  id: string; definitionId: string; version: number; status: string; subStatus: string;
  correlationId: string | null; name: string | null; createdAt: string; updatedAt: string; finishedAt: string | null;
}

const statuses = ['', 'Executing', 'Suspended', 'Finished', 'Faulted', 'Cancelled', 'Pending'];

export function InstancesPage(_: { me: Me }) {
  const { path, navigate } = useRoute();
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const [definitionId, setDefinitionId] = useState(query.get('definitionId') ?? '');
  const [status, setStatus] = useState(query.get('status') ?? '');
  const [correlationId, setCorrelationId] = useState(query.get('correlationId') ?? '');
  const page = Number(query.get('page') ?? '1') || 1;
  const [data, setData] = useState<{ items: InstanceSummary[]; total: number; pageSize: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = path.split('?')[1] ?? '';
  // The list API has no incident column; the dashboard's open incidents mark the runs that need a look.
  const [incidents, setIncidents] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    api<{ openIncidents: { instanceId: string }[] }>('/api/dashboard')
      .then((d) => setIncidents(d.openIncidents.reduce((m, i) => m.set(i.instanceId, (m.get(i.instanceId) ?? 0) + 1), new Map<string, number>())))
      .catch(() => {});
  }, [search]);

  useEffect(() => {
    const q = new URLSearchParams(search);
    api<{ items: InstanceSummary[]; total: number; pageSize: number }>(`/api/workflow-instances?${q.toString()}`)
      .then((d) => { setData(d); setError(null); })
      .catch((e: Error) => setError(e.message));
  }, [search]);

  const apply = (e: FormEvent, toPage = 1) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (definitionId) q.set('definitionId', definitionId);
    if (status) q.set('status', status);
    if (correlationId) q.set('correlationId', correlationId);
    if (toPage > 1) q.set('page', String(toPage));
    navigate(`/instances${q.size ? `?${q}` : ''}`);
  };
  const goto = (p: number) => {
    const q = new URLSearchParams(search);
    q.set('page', String(p));
    navigate(`/instances?${q}`);
  };

  return (
    <section className="page">
      <h1>Instances</h1>
      <form className="toolbar" onSubmit={apply} aria-label="Filters">
        <label>Workflow<input value={definitionId} onChange={(e) => setDefinitionId(e.target.value)} placeholder="definition id" /></label>
        <label>Status<select value={status} onChange={(e) => setStatus(e.target.value)}>{statuses.map((s) => <option key={s} value={s}>{s || 'any'}</option>)}</select></label>
        <label>Correlation id<input value={correlationId} onChange={(e) => setCorrelationId(e.target.value)} /></label>
        <button type="submit">Filter</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {data === null ? <p>Loading…</p> : data.items.length === 0 ? <p>No instances.</p> : (
        <>
          <table className="list">
            <thead><tr><th scope="col">Instance</th><th scope="col">Workflow</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Incidents</th><th scope="col">Correlation</th><th scope="col">Started</th><th scope="col">Finished</th></tr></thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id} className={incidents.has(i.id) ? 'has-incident' : undefined}>
                  <td><Link to={`/instances/${encodeURIComponent(i.id)}`}>{i.id.slice(0, 12)}…</Link></td>
                  <td>{i.definitionId}</td>
                  <td>{i.version}</td>
                  <td><span className={`badge ${i.subStatus.toLowerCase()}`}>{i.subStatus}</span></td>
                  <td>{incidents.has(i.id) ? <span className="error">{incidents.get(i.id)} open</span> : '—'}</td>
                  <td>{i.correlationId ?? '—'}</td>
                  <td>{formatTime(i.createdAt)}</td>
                  <td>{formatTime(i.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={page <= 1} onClick={() => goto(page - 1)}>Previous</button>
            <span>Page {page} of {Math.max(1, Math.ceil(data.total / data.pageSize))} ({data.total} instances)</span>
            <button type="button" disabled={page * data.pageSize >= data.total} onClick={() => goto(page + 1)}>Next</button>
          </nav>
        </>
      )}
    </section>
  );
}
