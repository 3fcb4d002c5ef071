import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { PlaybookTimeline } from './PlaybookTimeline';
import { layoutTimeline, statusColors, type ProgressTask, type RunProgress } from './progress';

afterEach(cleanup);

const task = (activityId: string, title: string, status: string, dueAt: string | null, extra: Partial<ProgressTask> = {}): ProgressTask => ({
  id: status === 'planned' ? null : `t-${activityId}`, activityId, title, ownerPersonId: 'alice', ownerName: 'Alice CSM', ownerRole: 'csm', dueAt, status, completedAt: null, ...extra,
});

// Kickoff 1 Nov; Foundation from 1 to 11 Nov (gate not met), Adoption planned 21 to 31 Nov... i.e. 1 Dec; today 6 Nov.
const run: RunProgress = {
  instanceId: 'run-1', playbook: 'onboarding-90-day', playbookName: '90-day onboarding', period: '2026-11-01', status: 'Running',
  kickoffDate: '2026-11-01T00:00:00Z', contractStart: null, reservedAt: '2026-11-01T00:00:00Z', startedBy: 'alice', percentDone: 20,
  counts: { open: 1, overdue: 1, completed: 1, cancelled: 0, expired: 0, planned: 2 },
  start: '2026-11-01T00:00:00Z', end: '2026-12-01T00:00:00Z',
  phases: [
    {
      name: 'Foundation', status: 'active', start: '2026-11-01T00:00:00Z', end: '2026-11-11T00:00:00Z', gate: { milestone: 'foundation', met: false, metAt: null },
      tasks: [
        task('kickoff', 'Kickoff call', 'completed', '2026-11-03T00:00:00Z', { completedAt: '2026-11-02T10:00:00Z' }),
        task('setup', 'Technical setup', 'overdue', '2026-11-05T00:00:00Z'),
        task('training', 'Admin training', 'open', '2026-11-11T00:00:00Z'),
      ],
    },
    {
      name: 'Adoption', status: 'planned', start: '2026-11-21T00:00:00Z', end: '2026-12-01T00:00:00Z', gate: { milestone: 'adoption', met: false, metAt: null },
      tasks: [task('pilot', 'Pilot rollout', 'planned', '2026-11-21T00:00:00Z'), task('roi', 'First ROI', 'planned', '2026-12-01T00:00:00Z')],
    },
  ],
};
const asOf = '2026-11-06T00:00:00Z';

describe('timeline layout', () => {
  it('maps dates linearly onto the chart from the first day to the day after the last date', () => {
    const layout = layoutTimeline(run, asOf, 1000, 180, 20);

    expect(new Date(layout.from).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(new Date(layout.to).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    // 31 days over 800 px: 5 days to today.
    expect(layout.todayX).toBeCloseTo(180 + (5 / 31) * 800);
    const [foundation, adoption] = layout.rows;
    expect(foundation.bar!.x).toBeCloseTo(180);
    expect(foundation.bar!.width).toBeCloseTo((10 / 31) * 800);
    expect(adoption.bar!.x).toBeCloseTo(180 + (20 / 31) * 800);
    expect(adoption.y - foundation.y).toBe(34);
    expect(foundation.markers.map((m) => [m.task.status, Math.round(m.cx)])).toEqual([
      ['completed', Math.round(180 + (2 / 31) * 800)], ['overdue', Math.round(180 + (4 / 31) * 800)], ['open', Math.round(180 + (10 / 31) * 800)],
    ]);
    expect(foundation.markers.map((m) => m.color)).toEqual([statusColors.completed, statusColors.overdue, statusColors.open]);
    // A gate not met sits at the phase's end; a met one at the moment it was met.
    expect(foundation.gate).toEqual({ x: foundation.bar!.x + foundation.bar!.width, met: false });
  });

  it('widens the axis to today when today is past every date, and places a met gate at its time', () => {
    const done: RunProgress = { ...run, phases: [{ ...run.phases[0], status: 'done', gate: { milestone: 'foundation', met: true, metAt: '2026-11-09T12:00:00Z' } }] };
    const layout = layoutTimeline(done, '2026-11-20T08:00:00Z', 1000, 200, 0);

    expect(new Date(layout.to).toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(layout.todayX).toBeCloseTo(200 + ((19 * 24 + 8) / (20 * 24)) * 800);
    expect(layout.rows[0].gate).toEqual({ x: 200 + ((8 * 24 + 12) / (20 * 24)) * 800, met: true });
    expect(layout.ticks.length).toBeGreaterThan(2);
    expect(layout.ticks.length).toBeLessThanOrEqual(11);
  });

  it('leaves tasks without a due date off the axis', () => {
    const undated: RunProgress = { ...run, phases: [{ ...run.phases[0], tasks: [task('x', 'Someday', 'planned', null)] }] };
    expect(layoutTimeline(undated, asOf).rows[0].markers).toEqual([]);
  });
});

describe('PlaybookTimeline', () => {
  it('draws a row per phase, a marker per dated task by status, gates and today, all titled', () => {
    const { container } = render(<PlaybookTimeline run={run} asOf={asOf} />);

    expect(screen.getByRole('img', { name: '90-day onboarding (2026-11-01): 20% done; Foundation active, 3 tasks, gate not met; Adoption planned, 2 tasks, gate not met' })).toBeTruthy();
    expect([...container.querySelectorAll('[data-kind="phase"]')].map((g) => `${g.getAttribute('data-phase')}:${g.getAttribute('data-status')}`))
      .toEqual(['Foundation:active', 'Adoption:planned']);
    expect([...container.querySelectorAll('circle[data-kind="task"]')].map((c) => c.getAttribute('data-status')))
      .toEqual(['completed', 'overdue', 'open', 'planned', 'planned']);
    expect(container.querySelectorAll('[data-kind="gate"]')).toHaveLength(2);
    expect(container.querySelector('[data-kind="today"]')).toBeTruthy();
    const overdue = container.querySelector('circle[data-status="overdue"] title')!.textContent!;
    expect(overdue).toMatch(/^Technical setup: overdue, Alice CSM, due /);
  });

  it('offers the same data as a table behind a keyboard-operable summary', () => {
    render(<PlaybookTimeline run={run} asOf={asOf} />);

    const summary = screen.getByText('Phases and tasks as a table');
    expect(summary.tagName).toBe('SUMMARY');
    fireEvent.click(summary);
    const table = screen.getByRole('table', { name: '90-day onboarding (2026-11-01) phases and tasks' });
    const groups = within(table).getAllByRole('rowheader');
    expect(groups.map((g) => g.textContent!.split(' ')[0])).toEqual(['Foundation', 'Adoption']);
    const rows = within(table).getAllByRole('row').filter((r) => r.querySelectorAll('td').length > 0);
    expect(rows.map((r) => [r.children[1].textContent, r.children[4].textContent])).toEqual([
      ['Kickoff call', 'completed'], ['Technical setup', 'overdue'], ['Admin training', 'open'], ['Pilot rollout', 'planned'], ['First ROI', 'planned'],
    ]);
  });
});
