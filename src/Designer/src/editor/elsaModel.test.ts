import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addActivity, connect, connections, flowchart, moveActivity, pasteActivities, readInput, removeActivities, serialize, setInput,
  type ActivityDescriptor,
} from './elsaModel';

// The shared Elsa exports sit beside the repository (../shared/elsa-samples from the repository root).
const samplesRoot = resolve(__dirname, '../../../../../shared/elsa-samples');

function samples(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? samples(path) : name.endsWith('.json') && name !== 'expectations.json' ? [path] : [];
  });
}

const writeLine: ActivityDescriptor = {
  typeName: 'Elsa.WriteLine', version: 1, category: 'Primitives', displayName: 'Write Line', isTrigger: false,
  outcomes: ['Done'], hasDynamicOutcomes: false, inputs: [{ name: 'Text', typeName: 'String', required: true }], outputs: [],
};

describe('Elsa samples', () => {
  const files = samples(samplesRoot);

  it('finds the shared samples', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s round-trips unchanged when nothing is edited', (file) => {
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text);
    const first = flowchart(doc)?.activities[0];
    // A move to where the activity already is, and re-reading every input, must not change a byte.
    const untouched = first ? moveActivity(doc, first.id, { x: first.metadata?.designer?.position?.x ?? 0, y: first.metadata?.designer?.position?.y ?? 0 }) : doc;
    flowchart(untouched)?.activities.forEach((a) => Object.keys(a).forEach((k) => readInput(a, k)));
    expect(serialize(untouched)).toBe(serialize(JSON.parse(text)));
  });

  it('keeps the flat connection form of a document that uses it', () => {
    const file = files.find((f) => f.endsWith('molecule-activity.json'))!;
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const [a, b] = flowchart(doc)!.activities;
    const next = connect(doc, { source: b.id, sourcePort: 'Done', target: a.id, targetPort: 'In' });
    const added = next.root.connections.at(-1);
    expect(typeof added.source).toBe('string');
    expect(added.sourcePort).toBe('Done');
    expect(connections(next)).toHaveLength(connections(doc).length + 1);
  });

  it('changes only the edited input and keeps its other keys', () => {
    const file = files.find((f) => f.endsWith('join-any-1.json'))!;
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const join = flowchart(doc)!.activities.find((a) => a.type === 'Elsa.FlowJoin')!;
    const next = setInput(doc, join.id, { name: 'Mode', typeName: 'String', required: false }, { expressionType: 'Literal', value: 'WaitAll' });
    const edited = flowchart(next)!.activities.find((a) => a.id === join.id)!;
    expect(edited.mode.expression.value).toBe('WaitAll');
    expect(edited.mode.memoryReference).toEqual(join.mode.memoryReference);
    expect(edited.mode.typeName).toBe(join.mode.typeName);
    expect(doc.root).not.toBe(next.root);
    expect(serialize({ ...next, root: { ...next.root, activities: next.root.activities.filter((a: { id: string }) => a.id !== join.id) } }))
      .toBe(serialize({ ...doc, root: { ...doc.root, activities: doc.root.activities.filter((a: { id: string }) => a.id !== join.id) } }));
  });
});

describe('editing', () => {
  const empty = () => ({ definitionId: 'x', name: 'X', root: { id: 'f', type: 'Elsa.Flowchart', activities: [], connections: [] } });

  it('adds, connects and removes activities with their connections', () => {
    let doc: Record<string, unknown> = empty();
    const a = addActivity(doc, writeLine, { x: 10.4, y: 20.6 });
    const b = addActivity(a.doc, writeLine, { x: 300, y: 20 });
    doc = connect(b.doc, { source: a.id, sourcePort: 'Done', target: b.id, targetPort: 'In' });
    expect(flowchart(doc)!.activities.map((x) => x.name)).toEqual(['WriteLine1', 'WriteLine2']);
    expect(flowchart(doc)!.activities[0].metadata.designer.position).toEqual({ x: 10, y: 21 });
    expect((doc as { root: { connections: unknown[] } }).root.connections[0]).toEqual({ source: { activity: a.id, port: 'Done' }, target: { activity: b.id, port: 'In' } });
    const removed = removeActivities(doc, [a.id]);
    expect(flowchart(removed)!.activities).toHaveLength(1);
    expect(connections(removed)).toHaveLength(0);
  });

  it('pastes copies under new ids with the connections between them', () => {
    const a = addActivity(empty(), writeLine, { x: 0, y: 0 });
    const b = addActivity(a.doc, writeLine, { x: 200, y: 0 });
    const doc = connect(b.doc, { source: a.id, sourcePort: 'Done', target: b.id, targetPort: 'In' });
    const pasted = pasteActivities(doc, flowchart(doc)!.activities, connections(doc), { x: 40, y: 40 });
    expect(pasted.ids).toHaveLength(2);
    expect(pasted.ids).not.toContain(a.id);
    expect(connections(pasted.doc)).toHaveLength(2);
    expect(flowchart(pasted.doc)!.activities[2].metadata.designer.position).toEqual({ x: 40, y: 40 });
  });
});
