// The Elsa 3 definition JSON is the editor's only state: every edit copies the document and patches the few keys it
// changes, so a definition opened and saved without edits is written back byte-for-byte the same, unknown keys included.

/* eslint-disable @typescript-eslint/no-explicit-any */
export type JsonObject = { [key: string]: any };

export interface Position { x: number; y: number }

export interface ActivityDescriptor {
  typeName: string;
  version: number;
  category: string;
  displayName: string;
  description?: string | null;
  isTrigger: boolean;
  outcomes: string[];
  hasDynamicOutcomes: boolean;
  inputs: InputDescriptor[];
  outputs: { name: string; typeName: string; description?: string | null }[];
}

export interface InputDescriptor {
  name: string;
  displayName?: string | null;
  typeName: string;
  uiHint?: string | null;
  required: boolean;
  description?: string | null;
  defaultValue?: unknown;
  options?: unknown;
}

export interface Connection { source: string; sourcePort: string; target: string; targetPort: string }

export const expressionTypes = ['Literal', 'JavaScript', 'Liquid', 'Variable'] as const;

export function flowchart(doc: JsonObject): { activities: JsonObject[]; connections: JsonObject[] } | null {
  const root = doc?.root;
  if (!root || root.type !== 'Elsa.Flowchart') return null;
  return { activities: Array.isArray(root.activities) ? root.activities : [], connections: Array.isArray(root.connections) ? root.connections : [] };
}

/** Both connection forms Elsa writes: `{source: {activity, port}, target: {...}}` and `{source, sourcePort, target, targetPort}`. */
export function readConnection(c: JsonObject): Connection {
  if (c.source && typeof c.source === 'object') {
    return { source: c.source.activity, sourcePort: c.source.port ?? 'Done', target: c.target?.activity, targetPort: c.target?.port ?? 'In' };
  }
  return { source: c.source, sourcePort: c.sourcePort ?? 'Done', target: c.target, targetPort: c.targetPort ?? 'In' };
}

export function connections(doc: JsonObject): Connection[] {
  return flowchart(doc)?.connections.map(readConnection) ?? [];
}

export function position(activity: JsonObject): Position {
  const p = activity?.metadata?.designer?.position;
  return { x: typeof p?.x === 'number' ? p.x : 0, y: typeof p?.y === 'number' ? p.y : 0 };
}

function edit(doc: JsonObject, change: (root: JsonObject) => void): JsonObject {
  const copy = structuredClone(doc);
  if (!copy.root || copy.root.type !== 'Elsa.Flowchart') throw new Error('only flowchart workflows can be edited here');
  copy.root.activities ??= [];
  copy.root.connections ??= [];
  change(copy.root);
  return copy;
}

export function moveActivity(doc: JsonObject, id: string, to: Position): JsonObject {
  const current = flowchart(doc)?.activities.find((a) => a.id === id);
  if (!current) return doc;
  const from = position(current);
  if (Math.round(from.x) === Math.round(to.x) && Math.round(from.y) === Math.round(to.y)) return doc;
  return edit(doc, (root) => {
    const activity = root.activities.find((a: JsonObject) => a.id === id);
    activity.metadata ??= {};
    activity.metadata.designer ??= {};
    activity.metadata.designer.position = { x: Math.round(to.x), y: Math.round(to.y) };
  });
}

export function moveActivities(doc: JsonObject, positions: Record<string, Position>): JsonObject {
  return Object.entries(positions).reduce((d, [id, p]) => moveActivity(d, id, p), doc);
}

/** A short id unique among the document's activities, like Elsa's: letters and digits. */
export function newId(doc: JsonObject, random: () => number = Math.random): string {
  const taken = new Set(flowchart(doc)?.activities.map((a) => a.id));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let id = '';
    for (let i = 0; i < 22; i++) id += alphabet[Math.floor(random() * alphabet.length)];
    if (!taken.has(id)) return id;
  }
}

/** A readable name unique in the document: WriteLine1, WriteLine2... */
export function newName(doc: JsonObject, typeName: string): string {
  const base = typeName.split('.').pop() ?? 'Activity';
  const taken = new Set(flowchart(doc)?.activities.map((a) => a.name));
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

export function addActivity(doc: JsonObject, descriptor: ActivityDescriptor, at: Position, id = newId(doc)): { doc: JsonObject; id: string } {
  const activity: JsonObject = {
    id,
    name: newName(doc, descriptor.typeName),
    type: descriptor.typeName,
    version: descriptor.version,
    customProperties: { canStartWorkflow: false, runAsynchronously: false },
    metadata: { designer: { position: { x: Math.round(at.x), y: Math.round(at.y) } } },
  };
  return { doc: edit(doc, (root) => root.activities.push(activity)), id };
}

export function removeActivities(doc: JsonObject, ids: string[]): JsonObject {
  if (ids.length === 0) return doc;
  const gone = new Set(ids);
  return edit(doc, (root) => {
    root.activities = root.activities.filter((a: JsonObject) => !gone.has(a.id));
    root.connections = root.connections.filter((c: JsonObject) => {
      const r = readConnection(c);
      return !gone.has(r.source) && !gone.has(r.target);
    });
  });
}

export function connectionId(c: Connection, index: number): string {
  return `${c.source}:${c.sourcePort}->${c.target}:${c.targetPort}#${index}`;
}

export function removeConnections(doc: JsonObject, edgeIds: string[]): JsonObject {
  if (edgeIds.length === 0) return doc;
  const gone = new Set(edgeIds);
  return edit(doc, (root) => {
    root.connections = root.connections.filter((c: JsonObject, i: number) => !gone.has(connectionId(readConnection(c), i)));
  });
}

/** Adds a connection in the form the document already uses (the object form when it has none yet). */
export function connect(doc: JsonObject, c: Connection): JsonObject {
  const existing = connections(doc);
  if (existing.some((e) => e.source === c.source && e.sourcePort === c.sourcePort && e.target === c.target && e.targetPort === c.targetPort)) return doc;
  return edit(doc, (root) => {
    const flat = root.connections.length > 0 && typeof root.connections[0].source === 'string';
    root.connections.push(
      flat
        ? { source: c.source, target: c.target, sourcePort: c.sourcePort, targetPort: c.targetPort }
        : { source: { activity: c.source, port: c.sourcePort }, target: { activity: c.target, port: c.targetPort } },
    );
  });
}

export interface InputValue { expressionType: string; value: string }

function camel(name: string): string {
  return name.length === 0 ? name : name[0].toLowerCase() + name.slice(1);
}

/** The key an input is stored under: Elsa writes camelCase; an existing key in another case is kept. */
export function inputKey(activity: JsonObject, inputName: string): string {
  const lower = inputName.toLowerCase();
  return Object.keys(activity).find((k) => k.toLowerCase() === lower) ?? camel(inputName);
}

export function readInput(activity: JsonObject, inputName: string): InputValue {
  const raw = activity[inputKey(activity, inputName)];
  const expression = raw?.expression;
  if (!expression) return { expressionType: 'Literal', value: '' };
  const value = expression.value;
  return { expressionType: expression.type ?? 'Literal', value: value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value) };
}

export function setInput(doc: JsonObject, activityId: string, input: InputDescriptor, value: InputValue): JsonObject {
  return edit(doc, (root) => {
    const activity = root.activities.find((a: JsonObject) => a.id === activityId);
    if (!activity) return;
    const key = inputKey(activity, input.name);
    const wrapper = activity[key] && typeof activity[key] === 'object' ? activity[key] : { typeName: input.typeName };
    wrapper.expression = { ...(wrapper.expression ?? {}), type: value.expressionType, value: value.value };
    activity[key] = wrapper;
  });
}

export function setActivityProperty(doc: JsonObject, activityId: string, key: 'name' | 'displayName', value: string): JsonObject {
  return edit(doc, (root) => {
    const activity = root.activities.find((a: JsonObject) => a.id === activityId);
    if (!activity) return;
    if (key === 'displayName') {
      activity.metadata ??= {};
      activity.metadata.displayText = value;
    } else activity.name = value;
  });
}

/** The choices an input offers (`Options` on the activity's input), as strings; null for a free input. */
export function inputOptions(input: InputDescriptor): string[] | null {
  const raw = input.options;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as JsonObject).items) ? (raw as JsonObject).items : null;
  if (!list || list.length === 0) return null;
  return list.map((o: unknown) => (o && typeof o === 'object' ? String((o as JsonObject).value ?? (o as JsonObject).text ?? '') : String(o)));
}

/** Whether an activity starts the workflow (Elsa keeps the flag in customProperties; older exports at the top). */
export function canStartWorkflow(activity: JsonObject): boolean {
  return activity.customProperties?.canStartWorkflow === true || activity.canStartWorkflow === true;
}

export function setCanStartWorkflow(doc: JsonObject, activityId: string, value: boolean): JsonObject {
  return edit(doc, (root) => {
    const activity = root.activities.find((a: JsonObject) => a.id === activityId);
    if (!activity) return;
    activity.customProperties ??= {};
    activity.customProperties.canStartWorkflow = value;
    if ('canStartWorkflow' in activity) activity.canStartWorkflow = value;
  });
}

export interface Variable { id: string; name: string; typeName: string; value?: string | null }

export function setVariables(doc: JsonObject, variables: Variable[]): JsonObject {
  const copy = structuredClone(doc);
  copy.variables = variables.map((v) => {
    const original = (doc.variables ?? []).find((o: JsonObject) => o.id === v.id) ?? {};
    return { ...original, id: v.id, name: v.name, typeName: v.typeName, value: v.value ?? null };
  });
  return copy;
}

/** The ports an activity offers: its descriptor's outcomes, plus any port its stored connections or cases use. */
export function outPorts(activity: JsonObject, descriptor: ActivityDescriptor | undefined, doc: JsonObject): string[] {
  const ports = [...(descriptor?.outcomes ?? [])];
  const add = (p: unknown) => { if (typeof p === 'string' && p && !ports.includes(p)) ports.push(p); };
  if (Array.isArray(activity.cases)) activity.cases.forEach((c: JsonObject) => add(c?.label));
  connections(doc).filter((c) => c.source === activity.id).forEach((c) => add(c.sourcePort));
  if (ports.length === 0) ports.push('Done');
  return ports;
}

/** Copies activities (and the connections among them) under new ids, shifted by an offset. */
export function pasteActivities(doc: JsonObject, activities: JsonObject[], links: Connection[], offset: Position): { doc: JsonObject; ids: string[] } {
  let next = doc;
  const ids: string[] = [];
  const renamed = new Map<string, string>();
  for (const original of activities) {
    const id = newId(next);
    renamed.set(original.id, id);
    const copy = structuredClone(original);
    copy.id = id;
    copy.name = newName(next, original.type ?? 'Activity');
    const p = position(original);
    copy.metadata ??= {};
    copy.metadata.designer = { ...(copy.metadata.designer ?? {}), position: { x: p.x + offset.x, y: p.y + offset.y } };
    next = edit(next, (root) => root.activities.push(copy));
    ids.push(id);
  }
  for (const l of links) {
    const s = renamed.get(l.source);
    const t = renamed.get(l.target);
    if (s && t) next = connect(next, { ...l, source: s, target: t });
  }
  return { doc: next, ids };
}

export function slug(name: string): string {
  const s = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.length === 0 ? 'workflow' : s.slice(0, 80);
}

export function emptyDefinition(name: string): JsonObject {
  return {
    definitionId: slug(name),
    name,
    variables: [],
    root: { id: 'flowchart', type: 'Elsa.Flowchart', version: 1, activities: [], connections: [] },
  };
}

export function serialize(doc: JsonObject): string {
  return JSON.stringify(doc, null, 2);
}
