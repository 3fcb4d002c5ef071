import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { inferredTarget, pauses, slaTimelines, SlaTimelines } from './SlaTimeline';

afterEach(cleanup);

const start = Date.parse('2026-11-02T09:00:00Z');
const note = (minutes: number, message: string, activityId = 'sla') => ({
  timestamp: new Date(start + minutes * 60000).toISOString(), activityId, event: 'Note', message,
});
// What SlaTimer writes: a P2 resolution SLA of 240 business minutes, paused an hour, warned at 50 % and 75 %, breached.
const journal = [
  { timestamp: new Date(start).toISOString(), activityId: 'sla', event: 'Started', message: null },
  note(0, 'SLA resolution zendesk:42 cycle 1 P2: started; business 0 min, wall clock 0 min'),
  note(60, 'SLA resolution zendesk:42 cycle 1 P2: paused (pending); business 60 min, wall clock 60 min'),
  note(120, 'SLA resolution zendesk:42 cycle 1 P2: resumed; business 60 min, wall clock 120 min'),
  note(180, 'SLA resolution zendesk:42 cycle 1 P2: warning 50%; business 120 min, wall clock 180 min'),
  note(240, 'SLA resolution zendesk:42 cycle 1 P2: warning 75%; business 180 min, wall clock 240 min'),
  note(300, 'SLA resolution zendesk:42 cycle 1 P2: breached; business 240 min, wall clock 300 min'),
  note(360, 'SLA resolution zendesk:42 cycle 1 P2: stopped (solved); business 300 min, wall clock 360 min'),
  note(10, 'some other note'),
];

describe('SLA timelines', () => {
  it('reads the timer steps from the journal notes', () => {
    const [timeline] = slaTimelines(journal);
    expect(timeline).toMatchObject({ activityId: 'sla', metric: 'resolution', ticketId: 'zendesk:42' });
    const cycle = timeline.cycles[0];
    expect(cycle.start).toBe(start);
    expect(cycle.events.map((e) => e.type + (e.threshold ? ` ${e.threshold}` : ''))).toEqual(['started', 'paused', 'resumed', 'warning 50%', 'warning 75%', 'breached', 'stopped']);
    expect(cycle.events[1].note).toBe('pending');
    expect(pauses(cycle, 360)).toEqual([{ from: 60, to: 120 }]);
    expect(inferredTarget(cycle)).toBe(240);
  });

  it('infers the target from a percentage warning before any breach', () => {
    const [timeline] = slaTimelines(journal.slice(0, 5));
    expect(inferredTarget(timeline.cycles[0])).toBe(240);
    expect(pauses(timeline.cycles[0], 200)).toEqual([{ from: 60, to: 120 }]);
  });

  it('draws counting, pause, warnings and the breach on one bar per cycle', () => {
    const { container } = render(<SlaTimelines journal={journal} running={false} now={start} />);

    expect(screen.getByRole('heading', { name: 'SLA timelines' })).toBeTruthy();
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('sla: resolution SLA for zendesk:42, cycle 1, P2: 5 h business time of a 4 h target over 6 h wall clock, paused 1×, breached');
    const pause = container.querySelector('[data-kind="paused"]')!;
    expect(Number(pause.getAttribute('x'))).toBeCloseTo(1000 / 6);
    expect(Number(pause.getAttribute('width'))).toBeCloseTo(1000 / 6);
    expect(container.querySelectorAll('[data-kind="warning"]')).toHaveLength(2);
    expect(Number(container.querySelector('[data-kind="breached"]')!.getAttribute('x'))).toBeCloseTo(5000 / 6);
  });

  it('draws nothing for a run without an SLA timer', () => {
    const { container } = render(<SlaTimelines journal={[note(0, 'hello')]} running now={start} />);
    expect(container.innerHTML).toBe('');
  });
});
