import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow,
  type Connection as FlowConnection, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { api, can, formatTime, type Me } from '../api';
import { useRoute } from '../router';
import {
  addActivity, canStartWorkflow, connect, connections, expressionTypes, flowchart, inputOptions, moveActivities, pasteActivities, readInput, removeActivities,
  removeConnections, serialize, setActivityProperty, setCanStartWorkflow, setInput, setVariables,
  type ActivityDescriptor, type Connection, type InputDescriptor, type JsonObject, type Position, type Variable,
} from './elsaModel';
import { nodeTypes, toEdges, toNodes } from './graph';
import { sideBySide } from './diff';

interface VersionDetails { definitionId: string; name: string; version: number; status: string; publishedVersion: number | null; updatedAt: string | null; definition: JsonObject }
interface VersionSummary { version: number; status: string; updatedAt: string | null; publishedAt: string | null; publishNote: string | null; revertedFrom: number | null }
interface Problem { activityId: string | null; field: string | null; message: string; severity: string }

interface History { past: JsonObject[]; present: JsonObject; future: JsonObject[] }

export default function EditorPage(props: { definitionId: string; me: Me }) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor({ definitionId, me }: { definitionId: string; me: Me }) {
  const { navigate } = useRoute();
  const flow = useReactFlow();
  const editable = can(me, 'manage-definitions');
  const [descriptors, setDescriptors] = useState<ActivityDescriptor[]>([]);
  const [details, setDetails] = useState<VersionDetails | null>(null);
  const [original, setOriginal] = useState<JsonObject | null>(null);
  const [history, setHistory] = useState<History | null>(null);
  const [dragging, setDragging] = useState<Record<string, Position>>({});
  const [selectedNodes, setSelectedNodes] = useState<string[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<string[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [panel, setPanel] = useState<'properties' | 'variables' | 'history'>('properties');
  const [publishing, setPublishing] = useState(false);
  const clipboard = useRef<{ activities: JsonObject[]; links: Connection[] } | null>(null);

  const byType = useMemo(() => new Map(descriptors.map((d) => [d.typeName, d])), [descriptors]);
  const doc = history?.present ?? null;
  const dirty = doc !== null && original !== null && serialize(doc) !== serialize(original);

  const load = useCallback(async () => {
    const d = await api<VersionDetails>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}`);
    setDetails(d);
    setOriginal(d.definition);
    setHistory({ past: [], present: d.definition, future: [] });
  }, [definitionId]);

  useEffect(() => {
    api<ActivityDescriptor[]>('/api/activity-descriptors').then(setDescriptors).catch((e: Error) => setMessage({ text: e.message, error: true }));
    load().catch((e: Error) => setMessage({ text: e.message, error: true }));
  }, [load]);

  // Validation runs on the server against the same compiler that runs the workflow.
  useEffect(() => {
    if (!doc) return;
    const t = setTimeout(() => {
      api<{ problems: Problem[] }>('/api/workflow-definitions/validate', { method: 'POST', raw: serialize(doc) })
        .then((r) => setProblems(r.problems))
        .catch(() => {});
    }, 300);
    return () => clearTimeout(t);
  }, [doc]);

  const commit = useCallback((change: (d: JsonObject) => JsonObject) => {
    setHistory((h) => {
      if (!h) return h;
      let next: JsonObject;
      try {
        next = change(h.present);
      } catch (e) {
        setMessage({ text: (e as Error).message, error: true });
        return h;
      }
      return next === h.present ? h : { past: [...h.past.slice(-99), h.present], present: next, future: [] };
    });
  }, []);
  const undo = () => setHistory((h) => (h && h.past.length ? { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] } : h));
  const redo = () => setHistory((h) => (h && h.future.length ? { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) } : h));

  const problemsByActivity = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of problems) if (p.activityId) map.set(p.activityId, [...(map.get(p.activityId) ?? []), p.message]);
    return map;
  }, [problems]);

  const nodes = useMemo(() => {
    if (!doc) return [];
    const sel = new Set(selectedNodes);
    return toNodes(doc, byType, problemsByActivity).map((n) => ({ ...n, position: dragging[n.id] ?? n.position, selected: sel.has(n.id) }));
  }, [doc, byType, problemsByActivity, dragging, selectedNodes]);
  const edges = useMemo(() => {
    if (!doc) return [];
    const sel = new Set(selectedEdges);
    return toEdges(doc).map((e) => ({ ...e, selected: sel.has(e.id) }));
  }, [doc, selectedEdges]);

  const onNodesChange = (changes: NodeChange[]) => {
    const moved: Record<string, Position> = {};
    const finished: Record<string, Position> = {};
    let selection: string[] | null = null;
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        if (c.dragging) moved[c.id] = c.position;
        else finished[c.id] = c.position;
      } else if (c.type === 'position' && !c.dragging) {
        const p = dragging[c.id];
        if (p) finished[c.id] = p;
      } else if (c.type === 'select') {
        selection ??= [...selectedNodes];
        selection = c.selected ? [...new Set([...selection, c.id])] : selection.filter((id) => id !== c.id);
      }
    }
    if (Object.keys(moved).length) setDragging((d) => ({ ...d, ...moved }));
    if (Object.keys(finished).length && editable) {
      commit((d) => moveActivities(d, finished));
      setDragging((d) => Object.fromEntries(Object.entries(d).filter(([id]) => !(id in finished))));
    }
    if (selection) setSelectedNodes(selection);
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    let selection: string[] | null = null;
    for (const c of changes) {
      if (c.type === 'select') {
        selection ??= [...selectedEdges];
        selection = c.selected ? [...new Set([...selection, c.id])] : selection.filter((id) => id !== c.id);
      }
    }
    if (selection) setSelectedEdges(selection);
  };
  const onConnect = (c: FlowConnection) => {
    if (!editable || !c.source || !c.target) return;
    commit((d) => connect(d, { source: c.source, sourcePort: c.sourceHandle ?? 'Done', target: c.target, targetPort: c.targetHandle ?? 'In' }));
  };

  const add = (descriptor: ActivityDescriptor, at?: Position) => {
    const fallback = flow.screenToFlowPosition({ x: 520 + (flowchart(doc!)?.activities.length ?? 0) * 30, y: 250 + (flowchart(doc!)?.activities.length ?? 0) * 30 });
    let added = '';
    commit((d) => {
      const r = addActivity(d, descriptor, at ?? fallback);
      added = r.id;
      return r.doc;
    });
    setSelectedNodes(added ? [added] : []);
    setSelectedEdges([]);
    setPanel('properties');
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData('application/x-orchestrator-activity');
    const descriptor = byType.get(type);
    if (descriptor && editable) add(descriptor, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const deleteSelection = () => {
    if (!editable) return;
    commit((d) => removeActivities(removeConnections(d, selectedEdges), selectedNodes));
    setSelectedNodes([]);
    setSelectedEdges([]);
  };
  const copy = () => {
    if (!doc) return;
    const ids = new Set(selectedNodes);
    clipboard.current = {
      activities: (flowchart(doc)?.activities ?? []).filter((a) => ids.has(a.id)).map((a) => structuredClone(a)),
      links: connections(doc).filter((c) => ids.has(c.source) && ids.has(c.target)),
    };
  };
  const paste = () => {
    if (!editable || !clipboard.current?.activities.length) return;
    const { activities, links } = clipboard.current;
    let pasted: string[] = [];
    commit((d) => {
      const r = pasteActivities(d, activities, links, { x: 40, y: 40 });
      pasted = r.ids;
      return r.doc;
    });
    setSelectedNodes(pasted);
  };
  const autoLayout = async () => {
    if (!doc) return;
    const { layout } = await import('./autoLayout');
    const sizes = flow.getNodes().map((n) => ({ id: n.id, width: n.measured?.width ?? 180, height: n.measured?.height ?? 80 }));
    const positions = await layout(sizes, connections(doc));
    commit((d) => moveActivities(d, positions));
    window.requestAnimationFrame(() => void flow.fitView({ padding: 0.2 }));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable]')) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
    else if (mod && (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) { e.preventDefault(); redo(); }
    else if (mod && e.key.toLowerCase() === 'c') copy();
    else if (mod && e.key.toLowerCase() === 'v') { e.preventDefault(); paste(); }
    else if (e.key === 'Delete' || e.key === 'Backspace') { e.preventDefault(); deleteSelection(); }
    else if (e.key === 'Escape') { setSelectedNodes([]); setSelectedEdges([]); }
  };

  // Shortcuts work wherever focus is on the page, except while typing in a field or a dialog.
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => { if (!(e.target as HTMLElement).closest?.('[role=dialog]')) keyHandler.current(e); };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const save = async (): Promise<boolean> => {
    if (!doc) return false;
    try {
      const saved = await api<{ version: number; status: string }>('/api/workflow-definitions', { method: 'POST', raw: serialize(doc) });
      await load();
      setMessage({ text: `Saved version ${saved.version} as ${saved.status.toLowerCase()}` });
      return true;
    } catch (e) {
      setMessage({ text: `Not saved: ${(e as Error).message}`, error: true });
      return false;
    }
  };
  const publish = async (note: string) => {
    if (dirty && !(await save())) return;
    try {
      const v = await api<{ version: number }>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}/publish`, { method: 'POST', body: { note: note || null } });
      setPublishing(false);
      await load();
      setMessage({ text: `Published version ${v.version}` });
    } catch (e) {
      setMessage({ text: `Not published: ${(e as Error).message}`, error: true });
    }
  };
  const run = async () => {
    try {
      const r = await api<{ instanceId: string }>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}/runs`, { method: 'POST', body: {} });
      navigate(`/instances/${encodeURIComponent(r.instanceId)}`);
    } catch (e) {
      setMessage({ text: `Not started: ${(e as Error).message}`, error: true });
    }
  };

  if (!doc || !details) return <p className="loading">{message?.text ?? 'Loading…'}</p>;
  const isFlowchart = flowchart(doc) !== null;
  const selectedActivity = selectedNodes.length === 1 ? flowchart(doc)?.activities.find((a) => a.id === selectedNodes[0]) : undefined;
  const errors = problems.filter((p) => p.severity === 'Error');

  return (
    <div className="editor">
      <div className="editor-bar" role="toolbar" aria-label="Workflow">
        <h1>{doc.name || definitionId}</h1>
        <span className={`badge ${details.status.toLowerCase()}`} data-testid="status">v{details.version} {details.status}</span>
        {details.publishedVersion && details.publishedVersion !== details.version && <span className="muted">runs use v{details.publishedVersion}</span>}
        {dirty && <span className="muted">unsaved changes</span>}
        <span className="spacer" />
        {editable && <>
          <button type="button" onClick={undo} disabled={!history!.past.length} title="Undo (Ctrl+Z)">Undo</button>
          <button type="button" onClick={redo} disabled={!history!.future.length} title="Redo (Ctrl+Y)">Redo</button>
          <button type="button" onClick={() => void autoLayout()} disabled={!isFlowchart}>Auto-layout</button>
          <button type="button" onClick={() => void save()} disabled={!dirty}>Save draft</button>
          <button type="button" onClick={() => setPublishing(true)}>Publish…</button>
        </>}
        <a className="button" href={`/api/workflow-definitions/${encodeURIComponent(definitionId)}/export`} download={`${definitionId}.json`}>Export</a>
        {can(me, 'operate-runs') && <button type="button" onClick={() => void run()} disabled={!details.publishedVersion}>Run</button>}
      </div>
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'notice'}>{message.text}</p>}
      {publishing && <PublishDialog onPublish={(n) => void publish(n)} onCancel={() => setPublishing(false)} errors={errors.length} />}
      <div className="editor-body">
        {editable && isFlowchart && <Palette descriptors={descriptors} onAdd={(d) => add(d)} />}
        <div className="canvas" onDrop={onDrop} onDragOver={(e) => e.preventDefault()} aria-label="Flowchart canvas">
          {isFlowchart ? (
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              nodesDraggable={editable}
              nodesConnectable={editable}
              deleteKeyCode={null}
              fitView
              fitViewOptions={{ padding: 0.3, maxZoom: 1 }}
              minZoom={0.1}
            >
              <Background />
              <Controls />
              <MiniMap pannable zoomable />
            </ReactFlow>
          ) : <p className="notice">This workflow's root is {String(doc.root?.type)}; only flowcharts are drawn and edited here. Import, export and publish still work.</p>}
        </div>
        <aside className="side" aria-label="Details">
          <div role="tablist" className="tabs">
            {(['properties', 'variables', 'history'] as const).map((p) => (
              <button key={p} role="tab" type="button" aria-selected={panel === p} onClick={() => setPanel(p)}>{p[0].toUpperCase() + p.slice(1)}</button>
            ))}
          </div>
          {panel === 'properties' && (selectedActivity
            ? <Properties key={selectedActivity.id} activity={selectedActivity} descriptor={byType.get(selectedActivity.type)} problems={problems.filter((p) => p.activityId === selectedActivity.id)} variables={doc.variables ?? []} readOnly={!editable}
                onInput={(input, value) => commit((d) => setInput(d, selectedActivity.id, input, value))}
                onProperty={(key, value) => commit((d) => setActivityProperty(d, selectedActivity.id, key, value))}
                onStartsWorkflow={(value) => commit((d) => setCanStartWorkflow(d, selectedActivity.id, value))} />
            : <ProblemList problems={problems} onSelect={(id) => { setSelectedNodes([id]); setSelectedEdges([]); }} />)}
          {panel === 'variables' && <Variables variables={doc.variables ?? []} readOnly={!editable} onChange={(v) => commit((d) => setVariables(d, v))} />}
          {panel === 'history' && <VersionHistory definitionId={definitionId} readOnly={!editable} onReverted={async (v) => { await load(); setMessage({ text: `Version ${v} copied forward as a new draft` }); }} />}
        </aside>
      </div>
    </div>
  );
}

// The customer-success activities come first and open: they are what process owners build with.
const domainCategories = ['Tickets', 'SLA', 'Notifications', 'Escalation', 'Handoffs', 'Tasks'];

function Palette({ descriptors, onAdd }: { descriptors: ActivityDescriptor[]; onAdd: (d: ActivityDescriptor) => void }) {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const map = new Map<string, ActivityDescriptor[]>();
    for (const d of descriptors) {
      if (filter && !`${d.displayName} ${d.typeName}`.toLowerCase().includes(filter.toLowerCase())) continue;
      map.set(d.category || 'Other', [...(map.get(d.category || 'Other') ?? []), d]);
    }
    const rank = (c: string) => (domainCategories.includes(c) ? domainCategories.indexOf(c) : domainCategories.length);
    return [...map.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  }, [descriptors, filter]);
  return (
    <nav className="palette" aria-label="Activities">
      <label>Find activity<input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} /></label>
      {groups.map(([category, items]) => (
        <details key={category} open={filter.length > 0 || groups.length <= 6 || domainCategories.includes(category)}>
          <summary>{category}</summary>
          <ul>
            {items.map((d) => (
              <li key={d.typeName}>
                <button
                  type="button"
                  draggable
                  data-type={d.typeName}
                  title={`${d.description ?? ''}${d.inputs.length ? `\nInputs: ${d.inputs.map((i) => `${i.displayName || i.name}${i.required ? '*' : ''}`).join(', ')}` : ''}\n(drag onto the canvas, or press Enter to add)`}
                  onDragStart={(e) => { e.dataTransfer.setData('application/x-orchestrator-activity', d.typeName); e.dataTransfer.effectAllowed = 'move'; }}
                  onClick={() => onAdd(d)}
                >{d.displayName}</button>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </nav>
  );
}

export function Properties({ activity, descriptor, problems, variables, readOnly, onInput, onProperty, onStartsWorkflow }: {
  activity: JsonObject; descriptor: ActivityDescriptor | undefined; problems: Problem[]; variables: JsonObject[]; readOnly: boolean;
  onInput: (input: InputDescriptor, value: { expressionType: string; value: string }) => void;
  onProperty: (key: 'name' | 'displayName', value: string) => void;
  onStartsWorkflow?: (value: boolean) => void;
}) {
  const fieldProblems = (name: string) => problems.filter((p) => p.field?.toLowerCase() === name.toLowerCase());
  const general = problems.filter((p) => !p.field || !descriptor?.inputs.some((i) => i.name.toLowerCase() === p.field!.toLowerCase()));
  return (
    <form className="properties" onSubmit={(e) => e.preventDefault()} aria-label={`Properties of ${activity.name ?? activity.id}`}>
      <p className="muted">{descriptor?.displayName ?? activity.type} · <code>{activity.id}</code></p>
      {descriptor?.description && <p className="muted">{descriptor.description}</p>}
      {!descriptor && <p className="notice">This runtime does not know {activity.type}; it is kept as it is and can be moved and connected.</p>}
      <BufferedField label="Name" value={activity.name ?? ''} readOnly={readOnly} onCommit={(v) => onProperty('name', v)} />
      <BufferedField label="Display text" value={activity.metadata?.displayText ?? ''} readOnly={readOnly} onCommit={(v) => onProperty('displayName', v)} />
      {descriptor?.isTrigger && (
        <label className="check"><input type="checkbox" checked={canStartWorkflow(activity)} disabled={readOnly || !onStartsWorkflow} onChange={(e) => onStartsWorkflow?.(e.target.checked)} />Starts the workflow (a trigger)</label>
      )}
      {general.map((p, i) => <p key={i} className="error" role="alert">{p.message}</p>)}
      {descriptor?.inputs.map((input) => {
        const value = readInput(activity, input.name);
        const issues = fieldProblems(input.name);
        const id = `input-${activity.id}-${input.name}`;
        const options = inputOptions(input);
        return (
          <fieldset key={input.name} className={issues.length ? 'field invalid' : 'field'}>
            <legend>{input.displayName || input.name}{input.required ? ' *' : ''}</legend>
            <label className="inline-label">Kind
              <select value={value.expressionType} disabled={readOnly} onChange={(e) => onInput(input, { expressionType: e.target.value, value: value.value })}>
                {[...new Set([...expressionTypes, value.expressionType])].map((t) => <option key={t}>{t}</option>)}
              </select>
            </label>
            {value.expressionType === 'Variable'
              ? <label htmlFor={id} className="inline-label">Variable
                  <select id={id} value={value.value} disabled={readOnly} onChange={(e) => onInput(input, { expressionType: 'Variable', value: e.target.value })}>
                    <option value="">(choose)</option>
                    {variables.map((v) => <option key={v.id} value={v.name}>{v.name}</option>)}
                  </select>
                </label>
              : value.expressionType === 'Literal' && options
              ? <select id={id} aria-label={input.displayName || input.name} value={value.value} disabled={readOnly} aria-describedby={issues.length ? `${id}-err` : undefined}
                  onChange={(e) => onInput(input, { expressionType: 'Literal', value: e.target.value })}>
                  <option value="">{input.defaultValue != null && input.defaultValue !== '' ? `(default: ${String(input.defaultValue)})` : '(not set)'}</option>
                  {[...new Set([...options, ...(value.value && !options.includes(value.value) ? [value.value] : [])])].map((o) => <option key={o} value={o}>{o}</option>)}
                </select>
              : <BufferedField id={id} label={input.displayName || input.name} hideLabel multiline={value.expressionType !== 'Literal' || value.value.includes('\n')} value={value.value} readOnly={readOnly}
                  onCommit={(v) => onInput(input, { expressionType: value.expressionType, value: v })} describedBy={issues.length ? `${id}-err` : undefined} />}
            {input.description && <small className="muted">{input.description}</small>}
            {issues.map((p, i) => <p key={i} id={`${id}-err`} className="error">{p.message}</p>)}
          </fieldset>
        );
      })}
    </form>
  );
}

/** Edits locally and commits on blur or Enter (one undo step per edit, not per key); Escape restores the stored value. */
function BufferedField({ id, label, value, readOnly, multiline, hideLabel, describedBy, onCommit }: {
  id?: string; label: string; value: string; readOnly: boolean; multiline?: boolean; hideLabel?: boolean; describedBy?: string; onCommit: (v: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commitIfChanged = () => { if (text !== value) onCommit(text); };
  const common = {
    id, value: text, readOnly, 'aria-label': hideLabel ? label : undefined, 'aria-describedby': describedBy,
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
    onBlur: commitIfChanged,
    onKeyDown: (e: ReactKeyboardEvent) => {
      if (e.key === 'Escape') { setText(value); (e.target as HTMLElement).blur(); }
      if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) { e.preventDefault(); commitIfChanged(); }
    },
  };
  const control = multiline ? <textarea rows={3} {...common} /> : <input {...common} />;
  return hideLabel ? control : <label>{label}{control}</label>;
}

function ProblemList({ problems, onSelect }: { problems: Problem[]; onSelect: (activityId: string) => void }) {
  if (problems.length === 0) return <p className="muted" data-testid="valid">No problems found. Select an activity to edit its inputs.</p>;
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((p, i) => (
        <li key={i} className={p.severity.toLowerCase()}>
          {p.activityId ? <button type="button" className="link" onClick={() => onSelect(p.activityId!)}>{p.activityId}</button> : null} {p.message}
        </li>
      ))}
    </ul>
  );
}

function Variables({ variables, readOnly, onChange }: { variables: JsonObject[]; readOnly: boolean; onChange: (v: Variable[]) => void }) {
  const list: Variable[] = variables.map((v) => ({ id: v.id, name: v.name, typeName: v.typeName ?? 'Object', value: v.value ?? null }));
  const update = (i: number, patch: Partial<Variable>) => onChange(list.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <div className="variables">
      {list.length === 0 && <p className="muted">No variables.</p>}
      {list.map((v, i) => (
        <fieldset key={v.id} className="field">
          <legend>{v.name || '(unnamed)'}</legend>
          <BufferedField label="Name" value={v.name} readOnly={readOnly} onCommit={(name) => update(i, { name })} />
          <label>Type<select value={v.typeName} disabled={readOnly} onChange={(e) => update(i, { typeName: e.target.value })}>
            {[...new Set(['String', 'Int32', 'Boolean', 'Double', 'DateTime', 'Object', v.typeName])].map((t) => <option key={t}>{t}</option>)}
          </select></label>
          <BufferedField label="Initial value" value={v.value ?? ''} readOnly={readOnly} onCommit={(value) => update(i, { value })} />
          {!readOnly && <button type="button" className="danger" onClick={() => onChange(list.filter((_, j) => j !== i))}>Remove {v.name}</button>}
        </fieldset>
      ))}
      {!readOnly && <button type="button" onClick={() => onChange([...list, { id: `var-${Date.now().toString(36)}`, name: `Variable${list.length + 1}`, typeName: 'String', value: null }])}>Add variable</button>}
    </div>
  );
}

function PublishDialog({ onPublish, onCancel, errors }: { onPublish: (note: string) => void; onCancel: () => void; errors: number }) {
  const [note, setNote] = useState('');
  return (
    <div className="dialog-backdrop">
      <form role="dialog" aria-modal="true" aria-labelledby="publish-title" className="dialog" onSubmit={(e) => { e.preventDefault(); onPublish(note); }} onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
        <h2 id="publish-title">Publish this workflow</h2>
        {errors > 0 && <p className="error">{errors} error{errors > 1 ? 's' : ''} must be fixed first; publishing will be refused.</p>}
        <label>Note (what changed)<textarea autoFocus value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} /></label>
        <div className="buttons"><button type="submit">Publish</button><button type="button" onClick={onCancel}>Cancel</button></div>
      </form>
    </div>
  );
}

function VersionHistory({ definitionId, readOnly, onReverted }: { definitionId: string; readOnly: boolean; onReverted: (v: number) => Promise<void> }) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [compare, setCompare] = useState<{ left: number; right: number } | null>(null);
  const [diff, setDiff] = useState<ReturnType<typeof sideBySide> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/workflow-definitions/${encodeURIComponent(definitionId)}`;
  const load = useCallback(() => api<VersionSummary[]>(`${base}/versions`).then((v) => setVersions([...v].sort((a, b) => b.version - a.version))), [base]);
  useEffect(() => void load().catch((e: Error) => setError(e.message)), [load]);
  useEffect(() => {
    if (!compare) return;
    Promise.all([api<{ definition: JsonObject }>(`${base}/versions/${compare.left}`), api<{ definition: JsonObject }>(`${base}/versions/${compare.right}`)])
      .then(([l, r]) => setDiff(sideBySide(serialize(l.definition), serialize(r.definition))))
      .catch((e: Error) => setError(e.message));
  }, [compare, base]);
  const revert = async (v: number) => {
    try {
      await api(`${base}/revert`, { method: 'POST', body: { version: v } });
      await load();
      await onReverted(v);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="history">
      {error && <p role="alert" className="error">{error}</p>}
      <ol className="versions">
        {versions?.map((v, i) => (
          <li key={v.version}>
            <strong>v{v.version}</strong> <span className={`badge ${v.status.toLowerCase()}`}>{v.status}</span> <span className="muted">{formatTime(v.publishedAt ?? v.updatedAt)}</span>
            {v.publishNote && <div className="note">“{v.publishNote}”</div>}
            {v.revertedFrom && <div className="muted">copied from v{v.revertedFrom}</div>}
            <div className="buttons">
              {i + 1 < versions.length && <button type="button" onClick={() => setCompare({ left: versions[i + 1].version, right: v.version })}>Compare with v{versions[i + 1].version}</button>}
              {!readOnly && i > 0 && <button type="button" onClick={() => void revert(v.version)}>Revert to v{v.version}</button>}
            </div>
          </li>
        ))}
      </ol>
      {compare && diff && (
        <div className="diff-dialog" role="dialog" aria-label={`Differences between v${compare.left} and v${compare.right}`} onKeyDown={(e) => { if (e.key === 'Escape') setCompare(null); }}>
          <div className="buttons"><strong>v{compare.left} ↔ v{compare.right}</strong><button type="button" autoFocus onClick={() => setCompare(null)}>Close</button></div>
          <table className="diff"><tbody>
            {diff.map((row, i) => (
              <tr key={i} className={row.kind}><td><pre>{row.left ?? ''}</pre></td><td><pre>{row.right ?? ''}</pre></td></tr>
            ))}
          </tbody></table>
        </div>
      )}
    </div>
  );
}
