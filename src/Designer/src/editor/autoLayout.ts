import ELK from 'elkjs/lib/elk.bundled.js';
import type { Position } from './elsaModel';

// Loaded with import() only when the user asks for a layout: elkjs is most of the editor's weight.
const elk = new ELK();

export async function layout(nodes: { id: string; width: number; height: number }[], edges: { source: string; target: string }[]): Promise<Record<string, Position>> {
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '80' },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.filter((e) => e.source !== e.target).map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  return Object.fromEntries((graph.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
