import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addActivity, canStartWorkflow, connect, connections, emptyDefinition, flowchart, inputOptions, outPorts, readInput, serialize, setCanStartWorkflow, setInput,
  type ActivityDescriptor, type JsonObject,
} from './elsaModel';

// The descriptors come from the running host when the C# suite runs this (DESIGNER_DESCRIPTORS), else from a copy of
// the host's answer kept beside this test. The C# suite then validates the built JSON on the host (DESIGNER_BUILT_OUT).
const descriptors: ActivityDescriptor[] = JSON.parse(readFileSync(process.env.DESIGNER_DESCRIPTORS ?? join(__dirname, 'ticketEscalation.descriptors.json'), 'utf8'));
const byType = new Map(descriptors.map((d) => [d.typeName, d]));

function descriptor(type: string): ActivityDescriptor {
  const d = byType.get(type);
  if (!d) throw new Error(`the host offers no ${type}`);
  return d;
}

/** What a process owner does in the editor, step by step: pick from the palette, fill the fields, pick choices, connect ports. */
function buildTicketEscalation(): JsonObject {
  let doc = emptyDefinition('Ticket escalation (built in the editor)');
  const place = (type: string, x: number) => {
    const r = addActivity(doc, descriptor(type), { x, y: 100 });
    doc = r.doc;
    return r.id;
  };
  const literal = (id: string, type: string, name: string, value: string) => {
    const input = descriptor(type).inputs.find((i) => i.name.toLowerCase() === name.toLowerCase());
    if (!input) throw new Error(`${type} has no input ${name}`);
    const options = inputOptions(input);
    if (options) expect(options, `${type}.${name} offers ${value}`).toContain(value);
    doc = setInput(doc, id, input, { expressionType: 'Literal', value });
  };
  const script = (id: string, type: string, name: string, value: string) => {
    const input = descriptor(type).inputs.find((i) => i.name.toLowerCase() === name.toLowerCase())!;
    doc = setInput(doc, id, input, { expressionType: 'JavaScript', value });
  };
  const port = (id: string, type: string, name: string) => {
    const activity = flowchart(doc)!.activities.find((a) => a.id === id)!;
    expect(outPorts(activity, descriptor(type), doc)).toContain(name);
    return name;
  };

  const receive = place('Orchestrator.ReceiveTicketEvent', 0);
  doc = setCanStartWorkflow(doc, receive, true);
  literal(receive, 'Orchestrator.ReceiveTicketEvent', 'EventType', 'ticket.created');

  const sla = place('Orchestrator.SlaTimer', 300);
  script(sla, 'Orchestrator.SlaTimer', 'TicketId', 'getCorrelationId()');
  literal(sla, 'Orchestrator.SlaTimer', 'Priority', 'P2');
  literal(sla, 'Orchestrator.SlaTimer', 'Metric', 'first-response');
  literal(sla, 'Orchestrator.SlaTimer', 'CalendarId', 'singapore-l1');

  const escalate = place('Orchestrator.Escalate', 600);
  literal(escalate, 'Orchestrator.Escalate', 'PolicyId', 'l2-on-call');
  script(escalate, 'Orchestrator.Escalate', 'Subject', 'getCorrelationId()');

  const handoff = place('Orchestrator.HandoffToTier', 900);
  script(handoff, 'Orchestrator.HandoffToTier', 'TicketId', 'getCorrelationId()');
  literal(handoff, 'Orchestrator.HandoffToTier', 'FromTier', 'L1');
  literal(handoff, 'Orchestrator.HandoffToTier', 'ToTier', 'L2');
  literal(handoff, 'Orchestrator.HandoffToTier', 'Priority', 'P2');
  literal(handoff, 'Orchestrator.HandoffToTier', 'Reason', 'First response SLA breached and nobody acknowledged the page');

  doc = connect(doc, { source: receive, sourcePort: port(receive, 'Orchestrator.ReceiveTicketEvent', 'Done'), target: sla, targetPort: 'In' });
  doc = connect(doc, { source: sla, sourcePort: port(sla, 'Orchestrator.SlaTimer', 'Breached'), target: escalate, targetPort: 'In' });
  doc = connect(doc, { source: escalate, sourcePort: port(escalate, 'Orchestrator.Escalate', 'Exhausted'), target: handoff, targetPort: 'In' });
  return doc;
}

describe('a ticket escalation built in the editor', () => {
  const doc = buildTicketEscalation();

  it('is an Elsa flowchart with the four activities connected through their ports', () => {
    expect(doc.root.type).toBe('Elsa.Flowchart');
    expect(flowchart(doc)!.activities.map((a) => a.type)).toEqual([
      'Orchestrator.ReceiveTicketEvent', 'Orchestrator.SlaTimer', 'Orchestrator.Escalate', 'Orchestrator.HandoffToTier',
    ]);
    expect(connections(doc).map((c) => c.sourcePort)).toEqual(['Done', 'Breached', 'Exhausted']);
    expect(doc.root.connections[1]).toEqual({ source: { activity: flowchart(doc)!.activities[1].id, port: 'Breached' }, target: { activity: flowchart(doc)!.activities[2].id, port: 'In' } });
  });

  it('starts on the ticket event and fills every required input', () => {
    const [receive, ...rest] = flowchart(doc)!.activities;
    expect(canStartWorkflow(receive)).toBe(true);
    expect(rest.every((a) => !canStartWorkflow(a))).toBe(true);
    for (const activity of flowchart(doc)!.activities) {
      for (const input of descriptor(activity.type).inputs.filter((i) => i.required)) {
        expect(readInput(activity, input.name).value, `${activity.type}.${input.name}`).not.toBe('');
      }
    }
    expect(flowchart(doc)!.activities[1].priority).toEqual({ typeName: 'String', expression: { type: 'Literal', value: 'P2' } });
    expect(flowchart(doc)!.activities[1].ticketId.expression).toEqual({ type: 'JavaScript', value: 'getCorrelationId()' });
  });

  it('serialises to JSON that reads back the same', () => {
    const text = serialize(doc);
    expect(serialize(JSON.parse(text))).toBe(text);
    if (process.env.DESIGNER_BUILT_OUT) writeFileSync(process.env.DESIGNER_BUILT_OUT, text);
  });
});
