import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { RouterProvider } from '../router';
import DashboardPage, { type DashboardData } from './DashboardPage';
import { fakeApi } from './fakeApi';
import type { DurationGroup } from './SupportMetrics';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

const none = (priority: string | null): DurationGroup => ({ priority, count: 0, medianMinutes: null, p90Minutes: null });
const empty = (clock: 'business' | 'wall-clock') => ({ clock, overall: none(null), byPriority: ['P1', 'P2', 'P3', 'P4'].map(none) });

const data: DashboardData = {
  instances: [
    { definitionId: 'onboarding', subStatus: 'Suspended', count: 7 },
    { definitionId: 'onboarding', subStatus: 'Finished', count: 2 },
    { definitionId: 'ticket-escalation', subStatus: 'Faulted', count: 1 },
  ],
  tasksByStatus: [{ status: 'open', count: 5 }, { status: 'overdue', count: 3 }],
  overdueByOwner: [{ ownerPersonId: 'alice', count: 2 }, { ownerPersonId: 'bob', count: 1 }],
  escalationsInFlight: [{ instanceId: 'run-1', definitionId: 'ticket-escalation', activityId: 'page', subject: 'zendesk:42' }],
  openIncidents: [{ instanceId: 'run-2', definitionId: 'ticket-escalation', activityId: 'handoff', activityType: 'Orchestrator.HandoffToTier', message: 'no tier L4', timestamp: '2026-11-10T12:00:00Z' }],
  sla: {
    days: 30, from: '2026-10-11T12:00:00Z',
    overall: { key: null, met: 3, breached: 1, running: 2, compliancePercent: 75 },
    byPriority: [{ key: 'P1', met: 1, breached: 1, running: 0, compliancePercent: 50 }, { key: 'P2', met: 2, breached: 0, running: 1, compliancePercent: 100 }, { key: 'P4', met: 0, breached: 0, running: 1, compliancePercent: null }],
    byTier: [{ key: 'L1', met: 3, breached: 0, running: 1, compliancePercent: 100 }, { key: null, met: 0, breached: 1, running: 1, compliancePercent: 0 }],
    recentBreaches: [{ instanceId: 'run-7', definitionId: 'ticket-sla', activityId: 'sla', ticketId: 'zendesk:7', metric: 'first-response', priority: 'P1', tier: 'L2', breachedAt: '2026-11-10T10:00:00Z', breachTheoreticalAt: '2026-11-10T10:00:00Z', open: true, reason: "no first response within 1 h business time (P1, calendar '24x7'); held by L2" }],
  },
  backlog: { count: 3, oldestAgeHours: 97.2, totalAgeHours: 240, byPriority: [
    { priority: 'P1', count: 2, underOneDay: 1, oneToThreeDays: 1, threeToSevenDays: 0, overSevenDays: 0, oldestAgeHours: 30, oldestTicketId: 'zendesk:2', totalAgeHours: 40 },
    { priority: 'P4', count: 1, underOneDay: 0, oneToThreeDays: 0, threeToSevenDays: 0, overSevenDays: 1, oldestAgeHours: 200, oldestTicketId: 'zendesk:4', totalAgeHours: 200 },
  ] },
  onboarding: [{ accountId: 'acme', customer: 'Acme Corp', instanceId: 'run-9', tasks: 4, completed: 1, overdue: 2, percentComplete: 25, currentPhase: 'Adoption' }],
  responseTimes: { acknowledge: empty('wall-clock'), firstResponse: empty('business'), resolution: empty('business') },
  escalations: { tickets: 0, escalated: 0, ratePercent: null, handedOff: 0, pagedPastFirstLevel: 0, byPriority: [] },
  qbrs: { reviews: 0, onTime: 0, late: 0, notHeld: 0, onTimePercent: null, notOnTime: [] },
};

describe('DashboardPage', () => {
  it('shows overdue tasks per owner, tasks by status, escalations, incidents and runs per workflow and status', async () => {
    fakeApi({ 'GET /api/dashboard?days=30': data, 'GET /api/people': [{ id: 'alice', name: 'Alice' }] });
    render(<RouterProvider><DashboardPage me={{ name: 'x', roles: ['viewer'], via: 'cookie' }} /></RouterProvider>);

    const overdue = await screen.findByRole('list', { name: 'Overdue tasks per owner' });
    const rows = within(overdue).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['Alice2', 'bob1']);
    expect(within(rows[0]).getByRole('link').getAttribute('href')).toBe('/tasks?owner=alice&status=overdue');
    expect((rows[1].querySelector('.bar') as HTMLElement).style.width).toBe('50%');
    const byStatus = within(screen.getByRole('list', { name: 'Tasks by status' })).getAllByRole('listitem').map((r) => r.textContent);
    expect(byStatus).toEqual(['open5', 'overdue3', 'completed0', 'cancelled0', 'expired0']);
    expect(screen.getByRole('link', { name: 'zendesk:42' }).getAttribute('href')).toBe('/instances/run-1');
    expect(screen.getByText('no tier L4')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Instances by workflow and status' });
    const onboarding = within(table).getByRole('row', { name: /^onboarding/ });
    expect(within(onboarding).getByRole('link', { name: '7' }).getAttribute('href')).toBe('/instances?definitionId=onboarding&status=Suspended');
    expect(within(table).getByRole('row', { name: /^All/ }).textContent).toBe('All071200');
  });

  it('shows SLA compliance per priority and tier as bars with the numbers, the breaches with reasons, backlog ages and onboarding', async () => {
    fakeApi({ 'GET /api/dashboard?days=30': data, 'GET /api/people': [] });
    render(<RouterProvider><DashboardPage me={{ name: 'x', roles: ['viewer'], via: 'cookie' }} /></RouterProvider>);

    const byPriority = await screen.findByRole('list', { name: 'SLA compliance per priority' });
    const rows = within(byPriority).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['P150 % 1 met · 1 breached · 0 running', 'P2100 % 2 met · 0 breached · 1 running', 'P4no outcome 0 met · 0 breached · 1 running']);
    expect((rows[0].querySelector('.bar') as HTMLElement).style.width).toBe('50%');
    expect(screen.getByTestId('sla-overall').textContent).toBe('75 % over 30 days: 3 met, 1 breached, 2 running');
    const byTier = within(screen.getByRole('list', { name: 'SLA compliance per tier' })).getAllByRole('listitem').map((r) => r.textContent);
    expect(byTier).toEqual(['L1100 % 3 met · 0 breached · 1 running', 'no tier0 % 0 met · 1 breached · 1 running']);

    const breaches = screen.getByRole('table', { name: 'Recent SLA breaches (1)' });
    const breach = within(breaches).getAllByRole('row')[1];
    expect(within(breach).getByRole('link', { name: 'zendesk:7' }).getAttribute('href')).toBe('/instances/run-7');
    expect(breach.textContent).toContain("no first response within 1 h business time (P1, calendar '24x7'); held by L2");

    expect(screen.getByRole('heading', { name: 'Backlog: 3 open tickets, oldest 4.0 d' })).toBeTruthy();
    expect(screen.getByTestId('support-debt').textContent).toBe('Support debt: 10.0 d total age of open tickets');
    const backlog = screen.getByRole('table', { name: 'Backlog by priority and age' });
    expect(within(backlog).getAllByRole('row').map((r) => r.textContent)).toEqual(['Priority< 1 d1–3 d3–7 d> 7 dOldestDebt', 'P1 (2)110030.0 h zendesk:240.0 h', 'P4 (1)00018.3 d zendesk:48.3 d']);

    const onboarding = within(screen.getByRole('list', { name: 'Onboarding progress per account' })).getByRole('listitem');
    expect(within(onboarding).getByRole('link', { name: 'Acme Corp' }).getAttribute('href')).toBe('/accounts/acme');
    expect((within(onboarding).getByRole('progressbar', { name: 'Acme Corp onboarding' }) as HTMLProgressElement).value).toBe(25);
    expect(onboarding.textContent).toContain('1/4 tasks · Adoption · 2 overdue');
  });

  it('reads the counts again for another SLA window', async () => {
    const calls = fakeApi({ 'GET /api/dashboard?days=30': data, 'GET /api/dashboard?days=7': { ...data, sla: { ...data.sla, days: 7, recentBreaches: [] } }, 'GET /api/people': [] });
    render(<RouterProvider><DashboardPage me={{ name: 'x', roles: ['viewer'], via: 'cookie' }} /></RouterProvider>);
    await screen.findByRole('list', { name: 'SLA compliance per priority' });

    fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: '7' } });

    expect(await screen.findByText('No breach in the last 7 days.')).toBeTruthy();
    expect(calls.map((c) => c.path)).toContain('/api/dashboard?days=7');
  });

  it('says what went wrong when the counts cannot be read', async () => {
    fakeApi({ 'GET /api/dashboard?days=30': () => ({ status: 403, body: { detail: 'needs a role' } }), 'GET /api/people': [] });
    render(<RouterProvider><DashboardPage me={{ name: 'x', roles: [], via: 'cookie' }} /></RouterProvider>);

    expect((await screen.findByRole('alert')).textContent).toBe('needs a role');
  });
});
