import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, formatTime, relativeDue, type Me } from '../api';
import { Link } from '../router';
import { mayManageIncidents, phaseLabel, poll, type Engagement } from './model';
import './incidents.css';

type Action = 'resolve' | 'close';

/** One incident for its commander: where it stands, status updates (post, history), resolve/close, and who was paged and who acknowledged. */
export default function IncidentPage({ incidentId, me, now = () => Date.now(), pollMs = 5000 }: { incidentId: string; me: Me; now?: () => number; pollMs?: number }) {
  const [data, setData] = useState<Engagement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [statusPage, setStatusPage] = useState(false);
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/incidents/${encodeURIComponent(incidentId)}`;

  const load = useCallback(async () => {
    setData(await api<Engagement>(`${base}/engagement`));
    setError(null);
  }, [base]);
  useEffect(() => void load().catch((e: Error) => setError(e.message)), [load]);
  const closed = data?.status === 'closed';
  const loaded = data !== null;
  // A running incident refreshes itself: pages go out, people acknowledge, updates fall due.
  useEffect(() => (loaded && !closed ? poll(load, pollMs) : undefined), [load, pollMs, closed, loaded]);

  const send = async (path: string, body: object, done: string) => {
    setBusy(true);
    try {
      await api(`${base}/${path}`, { method: 'POST', body });
      setNotice(done);
      await load();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const postUpdate = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || busy) return;
    if (await send('updates', { text, statusPage }, 'Status update posted.')) {
      setText('');
      setStatusPage(false);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void postUpdate();
    }
  };

  if (!data) return <section className="page">{error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>}</section>;
  const mayManage = mayManageIncidents(me);
  const nowMs = now();
  const updates = data.statusUpdates;
  return (
    <section className="page incident-page">
      <p className="muted"><Link to="/incidents">← Incidents</Link></p>
      <div className="incident-head">
        <h1>{data.title}</h1>
        <span className={`badge sev-${data.severity}`}>{data.severity}</span>
        <span className={`badge ${data.status}`} data-testid="incident-status">{data.status}</span>
        <span className="badge" data-testid="incident-phase">{phaseLabel[data.phase] ?? data.phase}</span>
        {data.kind === 'security' && <span className="badge security">security</span>}
        {updates.late && <span className="badge late">update late</span>}
      </div>
      <div className="incident-facts">
        <span>{data.incidentId}</span>
        <span>Commander: {data.commander.name ?? data.commander.id}</span>
        <span>Declared {formatTime(data.declaredAt)}</span>
        <span>Accounts: {data.accounts.length ? data.accounts.map((a) => a.name ?? a.id).join(', ') : '—'}</span>
        <span data-testid="next-update">Next update: {updates.nextDueAt ? `${formatTime(updates.nextDueAt)} (${relativeDue(updates.nextDueAt, nowMs)})` : '—'}{updates.every ? `, every ${updates.every}` : ''}</span>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {notice && <p role="status" className="notice">{notice}</p>}
      <div className="incident-grid">
        <div>
          {mayManage && !closed && (
            <form aria-label="Post status update" onSubmit={(e) => void postUpdate(e)}>
              <label>Status update <span className="muted">(Ctrl+Enter posts)</span>
                <textarea value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} maxLength={4000} />
              </label>
              <label className="check"><input type="checkbox" checked={statusPage} onChange={(e) => setStatusPage(e.target.checked)} /> Also for the status page</label>
              <div className="toolbar">
                <button type="submit" disabled={busy || !text.trim()}>Post status update</button>
                {data.status === 'open' && <button type="button" onClick={() => setConfirming('resolve')}>Resolve…</button>}
                <button type="button" onClick={() => setConfirming('close')}>Close…</button>
              </div>
            </form>
          )}
          {confirming && <Confirm action={confirming} busy={busy} onCancel={() => setConfirming(null)}
            onConfirm={async (note) => { if (await send(confirming, { text: note }, confirming === 'resolve' ? 'Incident resolved.' : 'Incident closed.')) setConfirming(null); }} />}
          <h2>Timeline</h2>
          <ol className="timeline" aria-label="Timeline">
            <li><strong>declared</strong> <span className="muted">{formatTime(data.declaredAt)}</span></li>
            {updates.history.map((u, i) => (
              <li key={i} className={u.type}>
                <strong>{u.type === 'update' ? 'update' : u.type === 'resolve' ? 'resolved' : 'closed'}</strong>{u.statusPage ? ' · status page' : ''} <span className="muted">{formatTime(u.at)}{u.by ? ` by ${u.by}` : ''}</span>
                {u.text && <div>{u.text}</div>}
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h2>Paged / Acknowledged</h2>
          {data.paged.length === 0 ? <p>Nobody has been paged yet.</p> : (
            <table className="list" aria-label="Paged and acknowledged">
              <thead><tr><th scope="col">Person</th><th scope="col">Channel</th><th scope="col">Paged at</th><th scope="col">Delivered</th><th scope="col">Acknowledged at</th></tr></thead>
              <tbody>
                {data.paged.map((p) => (
                  <tr key={p.messageId}>
                    <td>{p.personName ?? p.personId ?? '—'}<div className="muted">{p.template ?? ''}{p.activityId ? ` · ${p.activityId}` : ''}</div></td>
                    <td>{p.channel}</td>
                    <td>{formatTime(p.queuedAt)}</td>
                    <td><span className={`badge ${p.delivery}`}>{p.delivery}</span>{p.sentAt && <div className="muted">{formatTime(p.sentAt)}</div>}</td>
                    <td>{p.acknowledgedAt ? <span className="badge acknowledged">{formatTime(p.acknowledgedAt)}</span> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.acknowledgements.length > 0 && (
            <p className="muted" data-testid="acknowledgements">Acknowledged: {data.acknowledgements.map((a) => `${a.personName ?? a.by ?? 'unknown'} at ${formatTime(a.at)}`).join('; ')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function Confirm({ action, busy, onConfirm, onCancel }: { action: Action; busy: boolean; onConfirm: (note: string) => Promise<void>; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const verb = action === 'resolve' ? 'Resolve' : 'Close';
  return (
    <form className="confirm" aria-label={`${verb} incident`} onSubmit={(e) => { e.preventDefault(); void onConfirm(note); }} onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <p>{action === 'resolve' ? 'Resolve the incident? Its run moves on to recovery and the post-incident review.' : 'Close the incident? No more updates can be posted.'}</p>
      <label>Note<input ref={field} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} /></label>
      <div className="toolbar">
        <button type="submit" disabled={busy}>{verb} incident</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
