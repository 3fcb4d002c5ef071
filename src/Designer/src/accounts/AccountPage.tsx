import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Me } from '../api';
import { Link } from '../router';
import type { Account, PersonSummary, SegmentPolicy } from './AccountsPage';
import { PlaybookTimeline } from './PlaybookTimeline';
import type { AccountProgress, RunProgress } from './progress';

interface StartedRun { instanceId: string; playbook: string; period: string; started: boolean }

/** The host's start-playbooks policy: admins and CSMs. */
function canStart(me: Me): boolean {
  return me.roles.includes('admin') || me.roles.includes('csm');
}

/** How the segment is looked after: "dedicated CSM", "shared CSM", "virtual CSM", or "self-service". */
function csmModel(policy: SegmentPolicy): string {
  return policy.csmModel === 'self-service' ? policy.csmModel : `${policy.csmModel} CSM`;
}

/** One account: its facts, roles and contacts, a playbook start, and each playbook run's progress as a timeline. */
export default function AccountPage({ accountId, me }: { accountId: string; me: Me }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [progress, setProgress] = useState<AccountProgress | null>(null);
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const runRefs = useRef(new Map<string, HTMLHeadingElement>());

  const loadProgress = useCallback(async () => setProgress(await api<AccountProgress>(`/api/accounts/${encodeURIComponent(accountId)}/progress`)), [accountId]);
  useEffect(() => {
    api<Account>(`/api/accounts/${encodeURIComponent(accountId)}`).then(setAccount).catch((e: Error) => setError(e.message));
    loadProgress().catch((e: Error) => setError(e.message));
    api<PersonSummary[]>('/api/people').then(setPeople).catch(() => {});
  }, [accountId, loadProgress]);
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);

  // After a start, the run it answered with (new or the period's existing one) gets the focus and a mark.
  useEffect(() => {
    if (highlight) runRefs.current.get(highlight)?.focus();
  }, [highlight, progress]);

  if (error) return <section className="page"><p role="alert" className="error">{error}</p><Link to="/accounts">All accounts</Link></section>;
  if (!account || !progress) return <p className="loading">Loading…</p>;

  const person = (id: string) => names.get(id) ?? id;
  return (
    <section className="page account-page">
      <p className="crumbs"><Link to="/accounts">Accounts</Link> /</p>
      <h1>{account.customer}</h1>
      <div className="account-top">
        <dl className="facts">
          <dt>Id</dt><dd>{account.id}</dd>
          <dt>Segment</dt>
          <dd data-testid="segment">
            {account.segment}
            {account.segmentPolicy && <span className="muted"> ({account.segmentPolicy.beds} beds) · {csmModel(account.segmentPolicy)} · {account.segmentPolicy.checkIns} check-ins, {account.segmentPolicy.reviews} reviews</span>}
          </dd>
          <dt>Beds</dt><dd>{account.beds ?? '—'}</dd>
          <dt>Region</dt><dd>{account.region ?? '—'}</dd>
          <dt>Locale</dt><dd>{account.locale}</dd>
          <dt>Calendar</dt><dd>{account.calendarId ?? `by region (${account.region ?? 'none'})`}</dd>
          <dt>Contract start</dt><dd>{account.contractStart ?? '—'}</dd>
          <dt>Health score</dt><dd>{account.healthScore ?? '—'}</dd>
        </dl>
        <section aria-labelledby="roles-title">
          <h2 id="roles-title">Roles</h2>
          {Object.keys(account.roles).length === 0 ? <p className="muted">No roles.</p> : (
            <dl className="facts">
              {Object.entries(account.roles).map(([role, id]) => <div key={role} className="fact"><dt>{role}</dt><dd>{person(id)}</dd></div>)}
            </dl>
          )}
        </section>
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title">Contacts</h2>
          {account.contacts.length === 0 ? <p className="muted">No contacts.</p> : (
            <ul className="contacts">
              {account.contacts.map((c, i) => (
                <li key={i}>
                  <strong>{c.personId ? person(c.personId) : c.name}</strong>{c.title ? `, ${c.title}` : ''}
                  <span className="muted"> {[c.email, c.phone].filter(Boolean).join(' · ')}{c.topics.length ? ` · ${c.topics.join(', ')}` : ''}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {canStart(me) && progress.playbooks.length > 0 && (
        <StartPlaybookForm account={account} progress={progress} onStarted={async (run) => { await loadProgress(); setHighlight(run.instanceId); }} />
      )}
      <h2>Playbook progress</h2>
      {progress.runs.length === 0 && <p>No playbook runs for this account yet.</p>}
      {progress.runs.map((run) => (
        <RunSection key={run.instanceId} run={run} asOf={progress.asOf} highlighted={run.instanceId === highlight}
          headingRef={(el) => { if (el) runRefs.current.set(run.instanceId, el); else runRefs.current.delete(run.instanceId); }} />
      ))}
    </section>
  );
}

function RunSection({ run, asOf, highlighted, headingRef }: { run: RunProgress; asOf: string; highlighted: boolean; headingRef: (el: HTMLHeadingElement | null) => void }) {
  const headingId = `run-${run.instanceId}`;
  return (
    <section className={`run${highlighted ? ' highlighted' : ''}`} aria-labelledby={headingId} data-testid="run">
      <div className="run-head">
        <h3 id={headingId} ref={headingRef} tabIndex={-1}>{run.playbookName} <span className="muted">period {run.period}</span></h3>
        <span className={`badge ${run.status.toLowerCase()}`}>{run.status}</span>
        <label className="inline-label percent">
          <span>{run.percentDone}% done</span>
          <progress max={100} value={run.percentDone} />
        </label>
        <span className="muted">
          {run.counts.completed} completed · {run.counts.open} open · {run.counts.overdue} overdue · {run.counts.planned} planned
        </span>
        <span className="spacer" />
        <Link to={`/instances/${encodeURIComponent(run.instanceId)}`}>Run</Link>
      </div>
      <PlaybookTimeline run={run} asOf={asOf} />
    </section>
  );
}

function StartPlaybookForm({ account, progress, onStarted }: { account: Account; progress: AccountProgress; onStarted: (run: StartedRun) => Promise<void> }) {
  const today = progress.asOf.slice(0, 10);
  const [playbookId, setPlaybookId] = useState(progress.playbooks[0].id);
  const [kickoff, setKickoff] = useState(today);
  const [contractStart, setContractStart] = useState(account.contractStart ?? '');
  const [period, setPeriod] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'notice' | 'error'; text: string } | null>(null);
  const playbook = progress.playbooks.find((p) => p.id === playbookId) ?? progress.playbooks[0];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const body: Record<string, string> = {};
    // Today's kickoff is "now" on the server, so the run's period is the server's date.
    if (playbook.countsFrom === 'kickoffDate' && kickoff && kickoff !== today) body.kickoffDate = `${kickoff}T09:00:00Z`;
    if (playbook.countsFrom === 'contractStart' && contractStart && contractStart !== account.contractStart) body.contractStart = contractStart;
    if (period.trim()) body.period = period.trim();
    try {
      const run = await api<StartedRun>(`/api/accounts/${encodeURIComponent(account.id)}/playbooks/${encodeURIComponent(playbook.id)}`, { method: 'POST', body });
      // The run list reloads first, so the message comes with the run it speaks of in view and focused.
      await onStarted(run);
      setMessage({
        kind: 'notice',
        text: run.started
          ? `Started ${playbook.name} for period ${run.period}.`
          : `${playbook.name} already has a run for period ${run.period}; nothing new was started. It is shown below.`,
      });
    } catch (err) {
      const errors = err instanceof ApiError ? Object.entries(err.errors).map(([k, v]) => `${k}: ${v.join(' ')}`) : [];
      setMessage({ kind: 'error', text: errors.length ? errors.join('; ') : (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="start-playbook card" onSubmit={(e) => void submit(e)} aria-labelledby="start-title">
      <h2 id="start-title">Start a playbook</h2>
      <div className="toolbar">
        <label>Playbook
          <select value={playbookId} onChange={(e) => setPlaybookId(e.target.value)}>
            {progress.playbooks.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        {playbook.countsFrom === 'kickoffDate'
          ? <label>Kickoff date<input type="date" value={kickoff} onChange={(e) => setKickoff(e.target.value)} required /></label>
          : <label>Contract start<input type="date" value={contractStart} onChange={(e) => setContractStart(e.target.value)} /></label>}
        <label>Period (optional)<input value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="from the date" /></label>
        <button type="submit" disabled={busy}>Start playbook</button>
      </div>
      <p className="muted">A playbook runs once per account and period: starting it again for the same period shows the run already there.</p>
      <p role="status" className="notice">{message?.kind === 'notice' ? message.text : ''}</p>
      {message?.kind === 'error' && <p role="alert" className="error">{message.text}</p>}
    </form>
  );
}
