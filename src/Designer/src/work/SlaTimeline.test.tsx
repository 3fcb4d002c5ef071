import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { pauses, SlaTimelines, type SlaCycleRecord, type SlaStep } from './SlaTimeline';

afterEach(cleanup);

const start = Date.parse('2026-11-02T09:00:00Z');
const step = (wall: number, business: number, type: string, extra: Partial<SlaStep> = {}): SlaStep => ({
  type, at: new Date(start + wall * 60000).toISOString(), cycle: 1, priority: 'P2', businessElapsedMinutes: business, wallClockElapsedMinutes: wall, ...extra,
});
// What the API answers for a P2 resolution SLA of 240 business minutes, paused an hour, warned at 50 % and 75 %, breached, solved late.
const breached: SlaCycleRecord = {
  id: 't1:1', instanceId: 'run-1', activityId: 'sla', ticketId: 'zendesk:42', metric: 'resolution', priority: 'P2', tier: 'L2', calendarId: '24x7',
  targetMinutes: 240, cycle: 1, status: 'breached', open: false, startedAt: new Date(start).toISOString(), deadlineAt: new Date(start + 300 * 60000).toISOString(),
  metAt: null, breachedAt: new Date(start + 300 * 60000).toISOString(), breachTheoreticalAt: new Date(start + 300 * 60000).toISOString(),
  endedAt: new Date(start + 360 * 60000).toISOString(), businessElapsedMinutes: 300, wallClockElapsedMinutes: 360, pausedMinutes: 60,
  breachReason: "not resolved within 4 h business time (P2, calendar '24x7'); held by L2; paused 1x for 1 h wall clock",
  steps: [
    step(0, 0, 'started'), step(60, 60, 'paused', { note: 'pending' }), step(120, 60, 'resumed'), step(180, 120, 'warning', { threshold: '50%' }),
    step(240, 180, 'warning', { threshold: '75%' }), step(300, 240, 'breached', { threshold: 'breach' }), step(360, 300, 'stopped', { note: 'solved' }),
  ],
};

describe('SLA timelines', () => {
  it('finds the paused spans in the steps, open at the end while still paused', () => {
    expect(pauses(breached.steps, 360)).toEqual([{ from: 60, to: 120 }]);
    expect(pauses(breached.steps.slice(0, 2), 90)).toEqual([{ from: 60, to: 90 }]);
  });

  it('draws counting, pause, warnings and the breach on one bar per cycle, with the breach reason', () => {
    const { container } = render(<SlaTimelines cycles={[breached]} running={false} now={start} />);

    expect(screen.getByRole('heading', { name: 'SLA timelines' })).toBeTruthy();
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('sla: resolution SLA for zendesk:42, cycle 1, P2, L2: 5 h business time of a 4 h target over 6 h wall clock, paused 1×, breached');
    const pause = container.querySelector('[data-kind="paused"]')!;
    expect(Number(pause.getAttribute('x'))).toBeCloseTo(1000 / 6);
    expect(Number(pause.getAttribute('width'))).toBeCloseTo(1000 / 6);
    expect(container.querySelectorAll('[data-kind="warning"]')).toHaveLength(2);
    expect(Number(container.querySelector('[data-kind="breached"]')!.getAttribute('x'))).toBeCloseTo(5000 / 6);
    expect(screen.getByText(/held by L2; paused 1x/)).toBeTruthy();
  });

  it('stretches a running cycle to now and marks a met one', () => {
    const running: SlaCycleRecord = { ...breached, id: 't1:2', cycle: 2, status: 'running', open: true, breachReason: null, breachedAt: null, steps: [step(0, 0, 'started')], wallClockElapsedMinutes: 0, businessElapsedMinutes: 0 };
    const met: SlaCycleRecord = { ...breached, id: 't2:1', status: 'met', breachReason: null, breachedAt: null, steps: [step(0, 0, 'started'), step(30, 30, 'met')], wallClockElapsedMinutes: 30, businessElapsedMinutes: 30 };
    const { container } = render(<SlaTimelines cycles={[met, running]} running now={start + 120 * 60000} />);

    const [metChart, runningChart] = screen.getAllByRole('img');
    expect(metChart.getAttribute('aria-label')).toMatch(/30 min business time of a 4 h target over 30 min wall clock, met$/);
    expect(runningChart.getAttribute('aria-label')).toMatch(/over 2 h wall clock, running$/);
    expect(container.querySelectorAll('[data-kind="met"]')).toHaveLength(1);
  });

  it('draws nothing for a run without an SLA timer', () => {
    const { container } = render(<SlaTimelines cycles={[]} running now={start} />);
    expect(container.innerHTML).toBe('');
  });
});
