import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { RouterProvider } from '../router';
import DashboardPage, { type DashboardData } from './DashboardPage';
import { fakeApi } from './fakeApi';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

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
};

describe('DashboardPage', () => {
  it('shows overdue tasks per owner, tasks by status, escalations, incidents and runs per workflow and status', async () => {
    fakeApi({ 'GET /api/dashboard': data, 'GET /api/people': [{ id: 'alice', name: 'Alice' }] });
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
    expect(screen.getByText(/SLA compliance per priority and tier.*not shown/)).toBeTruthy();
  });

  it('says what went wrong when the counts cannot be read', async () => {
    fakeApi({ 'GET /api/dashboard': () => ({ status: 403, body: { detail: 'needs a role' } }), 'GET /api/people': [] });
    render(<RouterProvider><DashboardPage me={{ name: 'x', roles: [], via: 'cookie' }} /></RouterProvider>);

    expect((await screen.findByRole('alert')).textContent).toBe('needs a role');
  });
});
