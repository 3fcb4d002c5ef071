import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { RouterProvider } from '../router';
import { EscalationRateTile, QbrTile, ResponseTimesTile, duration, type DurationGroup, type ResponseTimes } from './SupportMetrics';

afterEach(cleanup);

const group = (priority: string | null, count: number, medianMinutes: number | null, p90Minutes: number | null): DurationGroup => ({ priority, count, medianMinutes, p90Minutes });
const none = (priority: string | null) => group(priority, 0, null, null);

const times: ResponseTimes = {
  acknowledge: { clock: 'wall-clock', overall: group(null, 4, 14, 26.4), byPriority: [group('P1', 3, 10, 16.4), none('P2'), group('P3', 1, 30, 30), none('P4')] },
  firstResponse: { clock: 'business', overall: group(null, 4, 30, 96), byPriority: [group('P1', 3, 20, 36), none('P2'), group('P3', 1, 120, 120), none('P4')] },
  resolution: { clock: 'business', overall: group(null, 2, 40, 48), byPriority: [group('P1', 2, 40, 48), none('P2'), none('P3'), group('P4', 1, 4320, 4320)] },
};

describe('support metrics panels', () => {
  it('shows median and p90 per priority with counts, says which clock each uses, and "no data" where nothing was measured', () => {
    render(<ResponseTimesTile times={times} days={30} />);

    const table = screen.getByRole('table', { name: 'Response times per priority' });
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'PriorityAcknowledgeFirst responseResolution',
      'All14 min / 26.4 min (4)30 min / 1.6 h (4)40 min / 48 min (2)',
      'P110 min / 16.4 min (3)20 min / 36 min (3)40 min / 48 min (2)',
      'P2no datano datano data',
      'P330 min / 30 min (1)2 h / 2 h (1)no data',
      'P4no datano data3 d / 3 d (1)',
    ]);
    expect(table.querySelector('caption')?.textContent).toBe('median / 90th percentile (count); acknowledge in wall clock, first response in business time, resolution in business time');
  });

  it('says there is no data when nothing was measured instead of showing zeros', () => {
    const empty = { clock: 'business' as const, overall: none(null), byPriority: ['P1', 'P2', 'P3', 'P4'].map(none) };
    render(<RouterProvider>
      <ResponseTimesTile times={{ acknowledge: { ...empty, clock: 'wall-clock' }, firstResponse: empty, resolution: empty }} days={7} />
      <EscalationRateTile rate={{ tickets: 0, escalated: 0, ratePercent: null, handedOff: 0, pagedPastFirstLevel: 0, byPriority: [] }} days={7} />
      <QbrTile qbrs={{ reviews: 0, onTime: 0, late: 0, notHeld: 0, onTimePercent: null, notOnTime: [] }} days={7} />
    </RouterProvider>);

    expect(screen.getByTestId('times-empty').textContent).toBe('No data: nothing was acknowledged, answered or resolved in this period.');
    expect(screen.getByTestId('rate-empty').textContent).toBe('No data: no ticket arrived in the last 7 days.');
    expect(screen.getByTestId('qbr-empty').textContent).toBe('No data: no QBR review was due in the last 7 days.');
    expect(screen.queryByText(/0 %/)).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the escalation rate with its routes and per priority, "no data" for priorities without tickets', () => {
    render(<EscalationRateTile days={30} rate={{
      tickets: 4, escalated: 1, ratePercent: 25, handedOff: 1, pagedPastFirstLevel: 1,
      byPriority: [{ priority: 'P1', tickets: 3, escalated: 1, ratePercent: 33.3 }, { priority: 'P2', tickets: 0, escalated: 0, ratePercent: null }],
    }} />);

    expect(screen.getByTestId('rate-overall').textContent).toBe('25 % of 4 tickets escalated (1): 1 handed off to another tier, 1 paged past level 1');
    const rows = within(screen.getByRole('list', { name: 'Escalation rate per priority' })).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['P133.3 % 1 of 3', 'P2no data 0 of 0']);
    expect((rows[0].querySelector('.bar') as HTMLElement).style.width).toBe('33.3%');
    expect(rows[1].querySelector('.bar')).toBeNull();
  });

  it('shows the share of QBRs held on time and links the ones that were not to their account', () => {
    render(<RouterProvider><QbrTile days={366} qbrs={{
      reviews: 4, onTime: 3, late: 0, notHeld: 1, onTimePercent: 75,
      notOnTime: [{ taskId: 't2', instanceId: 'run-1', accountId: 'mercy', title: 'Quarterly business review (mercy Health, 2027-04-15)', dueAt: '2027-04-16T09:00:00Z', completedAt: null, status: 'expired' }],
    }} /></RouterProvider>);

    expect(screen.getByTestId('qbr-overall').textContent).toBe('75 %: 3 of 4 reviews on time, 0 late, 1 not held');
    const missed = within(screen.getByRole('list', { name: 'QBR reviews not held on time' })).getByRole('listitem');
    expect(within(missed).getByRole('link', { name: 'mercy' }).getAttribute('href')).toBe('/accounts/mercy');
    expect(missed.textContent).toContain('not held');
  });

  it('writes durations in minutes, hours or days', () => {
    expect([duration(14), duration(26.4), duration(90), duration(2879), duration(4320)]).toEqual(['14 min', '26.4 min', '1.5 h', '48 h', '3 d']);
  });
});
