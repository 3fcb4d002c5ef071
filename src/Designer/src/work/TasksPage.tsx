import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, can, formatTime, relativeDue, type Me } from '../api';
import { Link, useRoute } from '../router';

export interface HumanTask {
  id: string; workflowInstanceId: string; activityId: string; definitionId: string | null; title: string; description: string | null;
  ownerPersonId: string; ownerRole: string | null; accountId: string | null; phase: string | null; milestone: string | null;
  dueAt: string | null; status: string; createdAt: string; updatedAt: string; completedAt: string | null; completedBy: string | null;
  comment: string | null; reassignments: { from: string; to: string; by: string; at: string; comment: string | null }[] | null;
}
export interface PersonSummary { id: string; name: string }

// "active" is what a CSM works on: open and overdue tasks (the API takes one status at a time, so it is two calls).
const statuses = ['active', 'open', 'overdue', 'completed', 'cancelled', 'expired', 'any'] as const;
const active = new Set(['open', 'overdue']);

function sortByDue(tasks: HumanTask[]): HumanTask[] {
  return [...tasks].sort((a, b) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity) || a.title.localeCompare(b.title));
}

/** The task inbox: my tasks by default, soonest due first, overdue ones marked; complete with a comment or hand over to a person. */
export default function TasksPage({ me, now = () => Date.now() }: { me: Me; now?: () => number }) {
  const { path, navigate } = useRoute();
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const owner = query.get('owner') ?? 'me';
  const status = (query.get('status') ?? 'active') as (typeof statuses)[number];
  const account = query.get('accountId') ?? '';
  const [accountText, setAccountText] = useState(account);
  const [tasks, setTasks] = useState<HumanTask[] | null>(null);
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);

  const setFilter = (changes: Record<string, string>) => {
    const q = new URLSearchParams(path.split('?')[1] ?? '');
    for (const [k, v] of Object.entries(changes)) {
      if (v) q.set(k, v);
      else q.delete(k);
    }
    navigate(`/tasks${q.size ? `?${q}` : ''}`);
  };

  const load = useCallback(async () => {
    const wanted = status === 'active' ? ['open', 'overdue'] : status === 'any' ? [''] : [status];
    const lists = await Promise.all(wanted.map((s) => {
      const q = new URLSearchParams({ limit: '500' });
      if (owner !== 'anyone') q.set('owner', owner);
      if (s) q.set('status', s);
      if (account) q.set('accountId', account);
      return api<HumanTask[]>(`/api/tasks?${q}`);
    }));
    setTasks(sortByDue(lists.flat()));
    setError(null);
  }, [owner, status, account]);

  useEffect(() => {
    load().catch((e: Error) => {
      setTasks([]);
      setError(e instanceof ApiError && e.errors.owner
        ? `You are signed in as ${me.name}, which is no person in the directory, so there is no "my tasks". Choose an owner, or ask an admin to name your user after your person id.`
        : e.message);
    });
  }, [load, me.name]);
  useEffect(() => {
    api<PersonSummary[]>('/api/people').then((p) => setPeople(p.map((x) => ({ id: x.id, name: x.name })))).catch(() => {});
  }, []);

  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const selected = tasks?.find((t) => t.id === selectedId) ?? null;
  const nowMs = now();
  const overdueCount = tasks?.filter((t) => t.status === 'overdue' || (active.has(t.status) && t.dueAt && Date.parse(t.dueAt) < nowMs)).length ?? 0;

  const closePanel = () => {
    const id = selectedId;
    setSelectedId(null);
    // Back to the row the panel was opened from, so the keyboard user keeps their place.
    requestAnimationFrame(() => [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-task]') ?? [])].find((b) => b.dataset.task === id)?.focus());
  };
  const acted = async (text: string) => {
    setNotice(text);
    await load();
  };

  return (
    <section className="page tasks-page">
      <h1>Tasks</h1>
      <form className="toolbar" aria-label="Task filters" onSubmit={(e: FormEvent) => { e.preventDefault(); setFilter({ accountId: accountText.trim() }); }}>
        <label>Owner
          <select value={owner} onChange={(e) => setFilter({ owner: e.target.value === 'me' ? '' : e.target.value })}>
            <option value="me">Me ({me.name})</option>
            <option value="anyone">Anyone</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.id})</option>)}
          </select>
        </label>
        <label>Status
          <select value={status} onChange={(e) => setFilter({ status: e.target.value === 'active' ? '' : e.target.value })}>
            {statuses.map((s) => <option key={s} value={s}>{s === 'active' ? 'open or overdue' : s}</option>)}
          </select>
        </label>
        <label>Account<input value={accountText} onChange={(e) => setAccountText(e.target.value)} placeholder="account id" /></label>
        <button type="submit">Filter</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {notice && <p role="status" className="notice">{notice}</p>}
      {tasks && tasks.length > 0 && <p className="muted" data-testid="task-count">{tasks.length} task{tasks.length === 1 ? '' : 's'}{overdueCount ? `, ${overdueCount} overdue` : ''}</p>}
      <div className="tasks-body">
        {tasks === null ? <p>Loading…</p> : tasks.length === 0 ? (!error && <p>No tasks.</p>) : (
          <table className="list tasks" aria-label="Tasks">
            <thead><tr><th scope="col">Task</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Account</th><th scope="col">Phase</th></tr></thead>
            <tbody ref={listRef}>
              {tasks.map((t) => {
                const late = t.status === 'overdue' || (active.has(t.status) && !!t.dueAt && Date.parse(t.dueAt) < nowMs);
                return (
                  <tr key={t.id} className={[late ? 'overdue' : '', t.id === selectedId ? 'selected' : ''].join(' ').trim() || undefined}>
                    <td><button type="button" className="link" data-task={t.id} aria-expanded={t.id === selectedId} onClick={() => setSelectedId(t.id === selectedId ? null : t.id)}>{t.title}</button></td>
                    <td title={formatTime(t.dueAt)}>{t.dueAt ? <>{formatTime(t.dueAt)}<div className={late ? 'due late' : 'due'}>{active.has(t.status) ? relativeDue(t.dueAt, nowMs) : ''}</div></> : '—'}</td>
                    <td><span className={`badge ${t.status}`}>{t.status}</span></td>
                    <td>{names.get(t.ownerPersonId) ?? t.ownerPersonId}</td>
                    <td>{t.accountId ?? '—'}</td>
                    <td>{t.phase ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {selected && <TaskPanel key={selected.id} task={selected} people={people} mayWork={can(me, 'work-tasks')} onClose={closePanel} onDone={acted} />}
      </div>
    </section>
  );
}

/** One task: what it is, where it came from, and the two things a CSM does with it. */
export function TaskPanel({ task, people, mayWork, onClose, onDone }: {
  task: HumanTask; people: PersonSummary[]; mayWork: boolean; onClose: () => void; onDone: (message: string) => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  const [to, setTo] = useState('');
  const [reassignComment, setReassignComment] = useState('');
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const open = task.status === 'open' || task.status === 'overdue';
  const base = `/api/tasks/${encodeURIComponent(task.id)}`;

  const act = async (what: 'complete' | 'reassign', body: object, success: (r: { status: string }) => string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ status: string }>(`${base}/${what}`, { method: 'POST', body });
      await onDone(success(r));
    } catch (e) {
      const err = e as ApiError;
      const field = Object.keys(err.errors ?? {})[0];
      setError({ text: field ? err.errors[field].join(' ') : err.message, field });
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="task-panel" aria-labelledby="task-title" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div className="buttons"><h2 id="task-title" tabIndex={-1} ref={heading}>{task.title}</h2><span className="spacer" /><button type="button" onClick={onClose} aria-label="Close task">Close</button></div>
      {task.description && <p>{task.description}</p>}
      <dl className="facts">
        <dt>Status</dt><dd><span className={`badge ${task.status}`}>{task.status}</span></dd>
        <dt>Due</dt><dd>{formatTime(task.dueAt)}</dd>
        {task.milestone && <><dt>Milestone</dt><dd>{task.milestone}</dd></>}
        <dt>Workflow</dt><dd><Link to={`/instances/${encodeURIComponent(task.workflowInstanceId)}`}>{task.definitionId ?? 'run'} · {task.activityId}</Link></dd>
        <dt>Assigned</dt><dd>{formatTime(task.createdAt)}</dd>
        {task.completedAt && <><dt>Ended</dt><dd>{formatTime(task.completedAt)}{task.completedBy ? ` by ${task.completedBy}` : ''}</dd></>}
        {task.comment && <><dt>Comment</dt><dd>{task.comment}</dd></>}
      </dl>
      {task.reassignments && task.reassignments.length > 0 && (
        <><h3>Handed over</h3><ol className="reassignments">{task.reassignments.map((r, i) => <li key={i}>{formatTime(r.at)}: {r.from} → {r.to} by {r.by}{r.comment ? ` (“${r.comment}”)` : ''}</li>)}</ol></>
      )}
      {error && <p role="alert" className="error">{error.text}</p>}
      {open && mayWork && <>
        <form aria-label="Complete task" onSubmit={(e) => { e.preventDefault(); void act('complete', { comment: comment.trim() || null }, (r) => `Completed “${task.title}”${r.status === 'delivered' ? '; the workflow has moved on.' : ' (queued for the workflow).'}`); }}>
          <label>Comment<textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }} /></label>
          <button type="submit" disabled={busy}>Complete</button> <span className="muted">Ctrl+Enter</span>
        </form>
        <form aria-label="Reassign task" onSubmit={(e) => { e.preventDefault(); if (!to) { setError({ text: 'Choose the person who takes the task over.', field: 'personId' }); return; } void act('reassign', { personId: to, comment: reassignComment.trim() || null }, () => `Reassigned “${task.title}” to ${people.find((p) => p.id === to)?.name ?? to}`); }}>
          <label>Reassign to
            <select value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={error?.field === 'personId' || undefined}>
              <option value="">(choose a person)</option>
              {people.filter((p) => p.id !== task.ownerPersonId).map((p) => <option key={p.id} value={p.id}>{p.name} ({p.id})</option>)}
            </select>
          </label>
          <label>Why (optional)<input value={reassignComment} onChange={(e) => setReassignComment(e.target.value)} /></label>
          <button type="submit" disabled={busy}>Reassign</button>
        </form>
      </>}
      {open && !mayWork && <p className="muted">Your roles may read tasks but not work them.</p>}
    </aside>
  );
}
