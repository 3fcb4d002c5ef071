import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { RouterProvider } from '../router';
import IncidentsPage from './IncidentsPage';
import IncidentPage from './IncidentPage';
import { fakeApi } from '../work/fakeApi';
import type { Engagement, Incident } from './model';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); vi.useRealTimers(); });

const commander = { name: 'ida', roles: ['incident-commander'], via: 'cookie' };
const viewer = { name: 'vic', roles: ['viewer'], via: 'cookie' };
const now = Date.parse('2026-11-02T10:30:00Z');

function incident(over: Partial<Incident>): Incident {
  return {
    id: 'INC-1', title: 'Portal down', severity: 'SEV1', priority: 'P1', kind: 'operational', commanderId: 'ida', accountIds: ['acme'], status: 'open',
    declaredAt: '2026-11-02T09:00:00Z', resolvedAt: null, closedAt: null, instanceId: 'run-1', updates: [], revision: 2, phase: 'short-term',
    nextUpdateDueAt: '2026-11-02T11:00:00Z', updateLate: false, ...over,
  };
}

const engagement: Engagement = {
  incidentId: 'INC-1', title: 'Portal down', status: 'open', severity: 'SEV1', kind: 'operational', commander: { id: 'ida', name: 'Ida Commander' },
  declaredAt: '2026-11-02T09:00:00Z', phase: 'short-term', phaseSince: '2026-11-02T09:15:00Z', phaseUntil: '2026-11-02T11:00:00Z',
  statusUpdates: { every: '02:00:00', lastAt: '2026-11-02T10:00:00Z', nextDueAt: '2026-11-02T12:00:00Z', late: false,
    history: [{ type: 'update', text: 'Failover started', statusPage: false, by: 'ida', at: '2026-11-02T10:00:00Z' }] },
  accounts: [{ id: 'acme', name: 'Acme Clinics' }],
  paged: [
    { messageId: 'm1', personId: 'tan', personName: 'Tan Level3', channel: 'email', address: 'tan@x', template: 'status-update', activityId: 'assembleTeam',
      queuedAt: '2026-11-02T09:00:00Z', sentAt: '2026-11-02T09:02:00Z', status: 'Sent', deliveryStatus: null, delivery: 'sent', acknowledgedAt: '2026-11-02T09:05:00Z' },
    { messageId: 'm2', personId: 'max', personName: 'Max Manager', channel: 'sms', address: '+65', template: 'status-update', activityId: 'alertManagement',
      queuedAt: '2026-11-02T09:00:00Z', sentAt: null, status: 'Pending', deliveryStatus: null, delivery: 'pending', acknowledgedAt: null },
  ],
  acknowledgements: [{ by: 'tan', personName: 'Tan Level3', at: '2026-11-02T09:05:00Z', activityId: 'assembleTeam', escalationKey: 'INC-1', level: 1, round: 1 }],
};

describe('IncidentsPage', () => {
  it('lists open incidents first with severity, commander, age and a late badge', async () => {
    fakeApi({
      'GET /api/incidents': [
        incident({ id: 'INC-0', title: 'Old outage', status: 'closed', declaredAt: '2026-11-02T10:20:00Z', nextUpdateDueAt: null }),
        incident({ updateLate: true }),
      ],
      'GET /api/people': [{ id: 'ida', name: 'Ida Commander' }],
    });
    render(<RouterProvider><IncidentsPage me={viewer} now={() => now} /></RouterProvider>);

    const rows = within(await screen.findByRole('table', { name: 'Incidents' })).getAllByRole('row').slice(1);
    expect(rows[0].textContent).toContain('Portal down');
    expect(rows[0].textContent).toContain('Ida Commander');
    expect(rows[0].textContent).toContain('1 h 30 min');
    expect(within(rows[0]).getByText('late')).toBeTruthy();
    expect(rows[1].textContent).toContain('Old outage');
    expect(within(rows[0]).getByRole('link').getAttribute('href')).toBe('/incidents/INC-1');
    expect(screen.queryByRole('button', { name: 'Declare incident' })).toBeNull();
  });

  it('declares an incident with the chosen commander, accounts and security flag, and shows field errors', async () => {
    let attempt = 0;
    const calls = fakeApi({
      'GET /api/incidents': [],
      'GET /api/people': [{ id: 'ida', name: 'Ida Commander' }, { id: 'max', name: 'Max Manager' }],
      'GET /api/accounts': [{ id: 'acme', customer: 'Acme Clinics' }, { id: 'zen', customer: 'Zen Health' }],
      'POST /api/incidents': () => (++attempt === 1
        ? { status: 400, body: { detail: 'title: too long', errors: { title: ['title must be at most 300 characters'] } } }
        : { status: 201, body: { id: 'INC-9' } }),
    });
    render(<RouterProvider><IncidentsPage me={commander} now={() => now} /></RouterProvider>);

    fireEvent.click(await screen.findByRole('button', { name: 'Declare incident' }));
    const form = screen.getByRole('form', { name: 'Declare incident' });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Data leak' } });
    fireEvent.change(within(form).getByLabelText('Severity'), { target: { value: 'SEV2' } });
    await screen.findByRole('option', { name: 'Zen Health (zen)' });
    const accounts = within(form).getByLabelText(/Affected accounts/) as HTMLSelectElement;
    (accounts.options[1] as HTMLOptionElement).selected = true;
    fireEvent.change(accounts);
    fireEvent.click(within(form).getByLabelText(/Security incident/));
    fireEvent.submit(form);

    expect((await screen.findByText('title must be at most 300 characters')).className).toBe('error');
    expect(within(form).getByLabelText(/^Title/).getAttribute('aria-invalid')).toBe('true');
    fireEvent.submit(form);
    await vi.waitFor(() => expect(window.location.pathname).toBe('/incidents/INC-9'));
    const post = calls.filter((c) => c.method === 'POST').at(-1)!;
    expect(post.body).toEqual({ title: 'Data leak', severity: 'SEV2', commanderId: 'ida', accountIds: ['zen'], kind: 'security' });
  });
});

describe('IncidentPage', () => {
  it('shows the phase, next update, timeline and who was paged and acknowledged', async () => {
    fakeApi({ 'GET /api/incidents/INC-1/engagement': engagement });
    render(<RouterProvider><IncidentPage incidentId="INC-1" me={viewer} now={() => now} /></RouterProvider>);

    expect((await screen.findByTestId('incident-phase')).textContent).toBe('Short-term (15 min–2 h)');
    expect(screen.getByTestId('next-update').textContent).toContain('due in 90 min');
    const paged = within(screen.getByRole('table', { name: 'Paged and acknowledged' })).getAllByRole('row').slice(1);
    expect(paged[0].textContent).toContain('Tan Level3');
    expect(paged[0].textContent).toContain(new Date('2026-11-02T09:05:00Z').toLocaleString());
    expect(paged[1].textContent).toContain('pending');
    expect(paged[1].lastElementChild!.textContent).toBe('—');
    expect(within(screen.getByRole('list', { name: 'Timeline' })).getByText('Failover started')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Post status update' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resolve…' })).toBeNull();
  });

  it('posts a status update with Ctrl+Enter and resolves after confirmation', async () => {
    const calls = fakeApi({
      'GET /api/incidents/INC-1/engagement': engagement,
      'POST /api/incidents/INC-1/updates': () => ({ status: 202, body: { status: 'delivered' } }),
      'POST /api/incidents/INC-1/resolve': () => ({ status: 202, body: { status: 'delivered' } }),
    });
    render(<RouterProvider><IncidentPage incidentId="INC-1" me={commander} now={() => now} /></RouterProvider>);

    const box = await screen.findByLabelText(/Status update/);
    fireEvent.change(box, { target: { value: 'Root cause found' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect((await screen.findByRole('status')).textContent).toBe('Status update posted.');
    expect(calls.find((c) => c.path.endsWith('/updates'))!.body).toEqual({ text: 'Root cause found', statusPage: false });

    fireEvent.click(screen.getByRole('button', { name: 'Resolve…' }));
    expect(calls.some((c) => c.path.endsWith('/resolve'))).toBe(false);
    const confirm = screen.getByRole('form', { name: 'Resolve incident' });
    fireEvent.change(within(confirm).getByLabelText('Note'), { target: { value: 'Restored' } });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Resolve incident' }));
    await vi.waitFor(() => expect(calls.find((c) => c.path.endsWith('/resolve'))?.body).toEqual({ text: 'Restored' }));
  });

  it('refreshes a running incident every few seconds and stops when unmounted', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = fakeApi({ 'GET /api/incidents/INC-1/engagement': engagement });
    const { unmount } = render(<RouterProvider><IncidentPage incidentId="INC-1" me={viewer} now={() => now} pollMs={5000} /></RouterProvider>);
    await screen.findByTestId('incident-phase');
    const loads = () => calls.filter((c) => c.path.endsWith('/engagement')).length;
    expect(loads()).toBe(1);

    await act(async () => { await vi.advanceTimersByTimeAsync(5000); });
    expect(loads()).toBe(2);
    unmount();
    await act(async () => { await vi.advanceTimersByTimeAsync(20000); });
    expect(loads()).toBe(2);
  });
});
