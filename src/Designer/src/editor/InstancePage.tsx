import { useCallback, useEffect, useMemo, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { api, can, formatTime, type Me } from '../api';
import { Link } from '../router';
import { flowchart, type ActivityDescriptor, type JsonObject } from './elsaModel';
import { nodeTypes, toEdges, toNodes, type ActivityNodeData } from './graph';
import { SlaTimelines, type SlaCycleRecord } from '../work/SlaTimeline';

interface Instance {
  id: string; definitionId: string; version: number; status: string; subStatus: string; correlationId: string | null;
  variables: Record<string, unknown>; bookmarks: { id: string; name: string; activityId: string; key: string | null; dueAt: string | null }[];
  incidents: { id: string; activityId: string; activityType: string; message: string; timestamp: string; resolved: boolean }[];
  createdAt: string; finishedAt: string | null;
}
interface JournalEntry { sequence: number; timestamp: string; activityId: string; activityType: string; event: string; outcomes: string | null; message: string | null }

/** The path a run took, read off its journal: activity states, and the connections whose outcome fired into a reached activity. */
export function pathTaken(journal: JournalEntry[], doc: JsonObject | null): { states: Map<string, ActivityNodeData['state']>; taken: Set<string> } {
  const states = new Map<string, ActivityNodeData['state']>();
  const outcomes = new Map<string, Set<string>>();
  for (const e of journal) {
    if (e.event === 'Completed') {
      states.set(e.activityId, 'done');
      const set = outcomes.get(e.activityId) ?? new Set<string>();
      (e.outcomes ?? 'Done').split(',').map((o) => o.trim()).filter(Boolean).forEach((o) => set.add(o));
      outcomes.set(e.activityId, set);
    } else if (e.event === 'Faulted') states.set(e.activityId, 'faulted');
    else if (e.event === 'Suspended') states.set(e.activityId, 'waiting');
    else if ((e.event === 'Started' || e.event === 'Resumed') && !states.has(e.activityId)) states.set(e.activityId, 'started');
  }
  const taken = new Set<string>();
  for (const a of flowchart(doc ?? {})?.connections ?? []) {
    const source = typeof a.source === 'object' ? a.source.activity : a.source;
    const port = typeof a.source === 'object' ? a.source.port : a.sourcePort;
    const target = typeof a.target === 'object' ? a.target.activity : a.target;
    if (outcomes.get(source)?.has(port) && states.has(target)) taken.add(`${source}:${port}->${target}`);
  }
  return { states, taken };
}

export default function InstancePage(props: { instanceId: string; me: Me }) {
  return <ReactFlowProvider><InstanceView {...props} /></ReactFlowProvider>;
}

function InstanceView({ instanceId, me }: { instanceId: string; me: Me }) {
  const [instance, setInstance] = useState<Instance | null>(null);
  const [journal, setJournal] = useState<JournalEntry[]>([]);
  const [sla, setSla] = useState<SlaCycleRecord[]>([]);
  const [doc, setDoc] = useState<JsonObject | null>(null);
  const [descriptors, setDescriptors] = useState<ActivityDescriptor[]>([]);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/workflow-instances/${encodeURIComponent(instanceId)}`;

  const load = useCallback(async () => {
    const [i, j, c] = await Promise.all([api<Instance>(base), api<JournalEntry[]>(`${base}/journal`), api<SlaCycleRecord[]>(`${base}/sla`).catch(() => [])]);
    setInstance(i);
    setJournal(j);
    setSla(c);
    return i;
  }, [base]);

  useEffect(() => {
    api<ActivityDescriptor[]>('/api/activity-descriptors').then(setDescriptors).catch(() => {});
    load()
      .then((i) => api<{ definition: JsonObject }>(`/api/workflow-definitions/${encodeURIComponent(i.definitionId)}/versions/${i.version}`))
      .then((v) => setDoc(v.definition))
      .catch((e: Error) => setError(e.message));
  }, [load]);

  // A run still going is polled, so a page opened right after Run shows it finish.
  useEffect(() => {
    if (!instance || ['Finished', 'Cancelled', 'Faulted'].includes(instance.subStatus)) return;
    const t = setTimeout(() => void load().catch(() => {}), 1000);
    return () => clearTimeout(t);
  }, [instance, load]);

  const byType = useMemo(() => new Map(descriptors.map((d) => [d.typeName, d])), [descriptors]);
  const { states, taken } = useMemo(() => pathTaken(journal, doc), [journal, doc]);
  const nodes = useMemo(() => (doc ? toNodes(doc, byType, new Map(), states) : []), [doc, byType, states]);
  const edges = useMemo(() => (doc ? toEdges(doc, taken) : []), [doc, taken]);

  const operate = async (action: 'retry' | 'cancel') => {
    try {
      await api(`${base}/${action}`, { method: 'POST', body: {} });
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!instance) return <p className="loading">{error ?? 'Loading…'}</p>;
  const open = !['Finished', 'Cancelled', 'Faulted'].includes(instance.subStatus) || instance.incidents.some((i) => !i.resolved);
  const operator = can(me, 'operate-runs');
  return (
    <section className="instance">
      <div className="editor-bar">
        <h1>Instance <code>{instance.id.slice(0, 12)}…</code></h1>
        <span className={`badge ${instance.subStatus.toLowerCase()}`} data-testid="instance-status">{instance.subStatus}</span>
        <Link to={`/definitions/${encodeURIComponent(instance.definitionId)}`}>{instance.definitionId} v{instance.version}</Link>
        <span className="muted">started {formatTime(instance.createdAt)}{instance.finishedAt ? `, finished ${formatTime(instance.finishedAt)}` : ''}</span>
        <span className="spacer" />
        {operator && open && <button type="button" onClick={() => void operate('cancel')}>Cancel run</button>}
        <button type="button" onClick={() => void load()}>Refresh</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="instance-body">
        <div className="canvas" aria-label="Path taken">
          {doc && flowchart(doc) ? (
            <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} nodesDraggable={false} nodesConnectable={false} fitView fitViewOptions={{ padding: 0.3, maxZoom: 1 }}>
              <Background /><Controls showInteractive={false} /><MiniMap />
            </ReactFlow>
          ) : <p className="muted">{doc ? 'Not a flowchart: see the journal.' : 'Loading the graph…'}</p>}
        </div>
        <aside className="side">
          <h2>Incidents</h2>
          {instance.incidents.length === 0 ? <p className="muted">None.</p> : (
            <ul className="incidents">{instance.incidents.map((i) => (
              <li key={i.id} className={i.resolved ? 'resolved' : 'open'}>
                <strong>{i.activityId}</strong> ({i.activityType}) {formatTime(i.timestamp)}<div>{i.message}</div>
                {!i.resolved && operator && <button type="button" onClick={() => void operate('retry')}>Retry</button>}
              </li>))}
            </ul>
          )}
          <h2>Waiting on</h2>
          {instance.bookmarks.length === 0 ? <p className="muted">Nothing.</p> : (
            <table className="list"><thead><tr><th scope="col">Activity</th><th scope="col">Waits for</th><th scope="col">Due</th></tr></thead>
              <tbody>{instance.bookmarks.map((b) => <tr key={b.id}><td>{b.activityId}</td><td>{b.name}{b.key ? ` (${b.key})` : ''}</td><td>{b.dueAt ? formatTime(b.dueAt) : '—'}</td></tr>)}</tbody></table>
          )}
          <h2>Variables</h2>
          <pre className="json">{JSON.stringify(instance.variables, null, 2)}</pre>
        </aside>
      </div>
      <SlaTimelines cycles={sla} running={!['Finished', 'Cancelled', 'Faulted'].includes(instance.subStatus)} now={Date.now()} />
      <h2>Journal</h2>
      <table className="list journal" data-testid="journal">
        <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Activity</th><th scope="col">Event</th><th scope="col">Outcomes</th><th scope="col">Message</th></tr></thead>
        <tbody>{journal.map((e) => <tr key={e.sequence}><td>{e.sequence}</td><td>{formatTime(e.timestamp)}</td><td>{e.activityId} <span className="muted">{e.activityType}</span></td><td>{e.event}</td><td>{e.outcomes ?? ''}</td><td>{e.message ?? ''}</td></tr>)}</tbody>
      </table>
    </section>
  );
}
