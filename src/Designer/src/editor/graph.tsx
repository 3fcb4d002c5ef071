import { Handle, Position as Side, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { connectionId, connections, flowchart, outPorts, position, type ActivityDescriptor, type JsonObject } from './elsaModel';

export interface ActivityNodeData extends Record<string, unknown> {
  label: string;
  typeName: string;
  ports: string[];
  problems: string[];
  state?: 'done' | 'faulted' | 'waiting' | 'started';
}

export type ActivityNode = Node<ActivityNodeData, 'activity'>;

/** One activity: an In port on the left, one handle per outcome on the right, problems as a badge. */
export function ActivityNodeView({ data, selected }: NodeProps<ActivityNode>) {
  const classes = ['activity-node', selected ? 'selected' : '', data.problems.length ? 'invalid' : '', data.state ? `state-${data.state}` : ''].join(' ');
  return (
    <div className={classes} data-testid={`node-${data.label}`} title={data.problems.join('\n') || undefined}>
      <Handle type="target" position={Side.Left} id="In" />
      <div className="activity-title">{data.label}</div>
      <div className="activity-type">{data.typeName}</div>
      {data.problems.length > 0 && <div className="activity-problems" role="note">{data.problems.length} problem{data.problems.length > 1 ? 's' : ''}: {data.problems[0]}</div>}
      <div className="ports">
        {data.ports.map((p) => (
          <div key={p} className="port">
            <span>{p}</span>
            <Handle type="source" position={Side.Right} id={p} />
          </div>
        ))}
      </div>
    </div>
  );
}

export const nodeTypes = { activity: ActivityNodeView };

export function activityLabel(activity: JsonObject): string {
  return activity?.metadata?.displayText || activity.name || activity.id;
}

export function toNodes(
  doc: JsonObject,
  descriptors: Map<string, ActivityDescriptor>,
  problemsByActivity: Map<string, string[]> = new Map(),
  states: Map<string, ActivityNodeData['state']> = new Map(),
): ActivityNode[] {
  return (flowchart(doc)?.activities ?? []).map((a) => ({
    id: a.id,
    type: 'activity',
    position: position(a),
    data: {
      label: activityLabel(a),
      typeName: descriptors.get(a.type)?.displayName ?? a.type,
      ports: outPorts(a, descriptors.get(a.type), doc),
      problems: problemsByActivity.get(a.id) ?? [],
      state: states.get(a.id),
    },
  }));
}

export function toEdges(doc: JsonObject, taken: Set<string> = new Set()): Edge[] {
  return connections(doc).map((c, i) => {
    const id = connectionId(c, i);
    const hit = taken.has(`${c.source}:${c.sourcePort}->${c.target}`);
    return {
      id,
      source: c.source,
      sourceHandle: c.sourcePort,
      target: c.target,
      targetHandle: 'In',
      label: c.sourcePort === 'Done' ? undefined : c.sourcePort,
      className: hit ? 'taken' : undefined,
      animated: hit,
    };
  });
}
