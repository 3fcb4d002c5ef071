import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, formatTime, relativeDue, type Me } from '../api';
import { Link, useRoute } from '../router';
import { age, mayManageIncidents, phaseLabel, poll, type Incident } from './model';
import './incidents.css';

const statusOrder: Record<string, number> = { open: 0, resolved: 1, closed: 2 };

/** Open incidents first (newest first within each status). */
export function sortIncidents(items: Incident[]): Incident[] {
  return [...items].sort((a, b) => (statusOrder[a.status] ?? 3) - (statusOrder[b.status] ?? 3) || Date.parse(b.declaredAt) - Date.parse(a.declaredAt));
}

/** The incident list: open first with severity, commander, age and the next status update due (late ones marked), and the declare form. */
export default function IncidentsPage({ me, now = () => Date.now(), pollMs = 5000 }: { me: Me; now?: () => number; pollMs?: number }) {
  const [incidents, setIncidents] = useState<Incident[] | null>(null);
  const [people, setPeople] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [declaring, setDeclaring] = useState(false);
  const declareButton = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    setIncidents(sortIncidents(await api<Incident[]>('/api/incidents')));
    setError(null);
  }, []);
  useEffect(() => {
    load().catch((e: Error) => { setIncidents([]); setError(e.message); });
    return poll(load, pollMs);
  }, [load, pollMs]);
  useEffect(() => {
    api<{ id: string; name: string }[]>('/api/people').then(setPeople).catch(() => {});
  }, []);

  const names = new Map(people.map((p) => [p.id, p.name]));
  const nowMs = now();
  const mayManage = mayManageIncidents(me);
  return (
    <section className="page incidents-page">
      <div className="page-head">
        <h1>Incidents</h1>
        {mayManage && !declaring && <button type="button" ref={declareButton} onClick={() => setDeclaring(true)}>Declare incident</button>}
      </div>
      {declaring && <DeclareForm me={me} people={people} onCancel={() => { setDeclaring(false); requestAnimationFrame(() => declareButton.current?.focus()); }} />}
      {error && <p role="alert" className="error">{error}</p>}
      {incidents === null ? <p>Loading…</p> : incidents.length === 0 ? (!error && <p>No incidents.</p>) : (
        <table className="list" aria-label="Incidents">
          <thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Commander</th><th scope="col">Age</th><th scope="col">Next update</th></tr></thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id} className={i.updateLate ? 'overdue' : undefined}>
                <td><Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link><div className="muted">{i.id}{i.kind === 'security' ? ' · security' : ''}</div></td>
                <td><span className={`badge sev-${i.severity}`}>{i.severity}</span></td>
                <td><span className={`badge ${i.status}`}>{i.status}</span>{i.status === 'open' && <div className="muted">{phaseLabel[i.phase] ?? i.phase}</div>}</td>
                <td>{names.get(i.commanderId) ?? i.commanderId}</td>
                <td title={formatTime(i.declaredAt)}>{age(i.declaredAt, nowMs)}</td>
                <td>
                  {i.nextUpdateDueAt ? <>{formatTime(i.nextUpdateDueAt)} {i.updateLate ? <span className="badge late">late</span> : <div className="due">{relativeDue(i.nextUpdateDueAt, nowMs)}</div>}</> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const fields = ['title', 'severity', 'commanderId', 'accountIds', 'kind'] as const;

function DeclareForm({ me, people, onCancel }: { me: Me; people: { id: string; name: string }[]; onCancel: () => void }) {
  const { navigate } = useRoute();
  const [accounts, setAccounts] = useState<{ id: string; customer: string }[]>([]);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('SEV1');
  const [commanderId, setCommanderId] = useState('');
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [security, setSecurity] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  useEffect(() => {
    api<{ id: string; customer: string }[]>('/api/accounts').then(setAccounts).catch(() => {});
  }, []);
  // The signed-in user commands by default when they are a person in the directory.
  const commander = commanderId || (people.some((p) => p.id === me.name) ? me.name : '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await api<{ id: string }>('/api/incidents', {
        method: 'POST',
        body: { title, severity, commanderId: commander || null, accountIds, kind: security ? 'security' : 'operational' },
      });
      navigate(`/incidents/${encodeURIComponent(created.id)}`);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.errors).length > 0) {
        const next: Record<string, string> = {};
        for (const [key, value] of Object.entries(err.errors)) next[fields.find((f) => key.startsWith(f)) ?? 'form'] = value[0];
        setErrors(next);
        setMessage(null);
      } else {
        setErrors({});
        setMessage((err as Error).message);
      }
      setBusy(false);
    }
  };
  const fieldError = (name: string) => errors[name] && <span id={`declare-${name}-error`} className="error">{errors[name]}</span>;
  const described = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `declare-${name}-error` } : {});

  return (
    <form className="declare" aria-label="Declare incident" onSubmit={(e) => void submit(e)} onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <label>Title<input ref={titleRef} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} {...described('title')} />{fieldError('title')}</label>
      <label>Severity
        <select value={severity} onChange={(e) => setSeverity(e.target.value)} {...described('severity')}>
          <option value="SEV1">SEV1 (P1: update every 2 h)</option>
          <option value="SEV2">SEV2 (P2: daily update)</option>
          <option value="SEV3">SEV3 (P3/P4)</option>
        </select>{fieldError('severity')}
      </label>
      <label>Commander
        <select value={commander} onChange={(e) => setCommanderId(e.target.value)} required {...described('commanderId')}>
          <option value="">Choose a person…</option>
          {people.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.id})</option>)}
        </select>{fieldError('commanderId')}
      </label>
      <label className="wide">Affected accounts <span className="muted">(Ctrl/Shift+click or Shift+arrows for several)</span>
        <select multiple value={accountIds} onChange={(e) => setAccountIds([...e.target.selectedOptions].map((o) => o.value))} {...described('accountIds')}>
          {accounts.map((a) => <option key={a.id} value={a.id}>{a.customer} ({a.id})</option>)}
        </select>{fieldError('accountIds')}
      </label>
      <label className="check"><input type="checkbox" checked={security} onChange={(e) => setSecurity(e.target.checked)} /> Security incident (adds containment, scope and authority steps)</label>
      <div className="actions">
        <button type="submit" disabled={busy}>Declare</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      {(message || errors.form) && <p role="alert" className="error wide">{message ?? errors.form}</p>}
    </form>
  );
}
