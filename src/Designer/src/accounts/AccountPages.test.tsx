import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider } from '../router';
import { fakeApi } from '../work/fakeApi';
import AccountsPage, { type Account } from './AccountsPage';
import AccountPage from './AccountPage';
import type { AccountProgress, RunProgress } from './progress';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); window.history.pushState(null, '', '/'); });

const account = (id: string, customer: string, segment: string, csm: string, extra: Partial<Account> = {}): Account => ({
  id, customer, segment, region: 'Europe', locale: 'en', calendarId: null, roles: { csm, trainer: 'tina' }, contractStart: '2026-10-01', healthScore: 80,
  contacts: [], ...extra,
});
const people = [{ id: 'alice', name: 'Alice CSM' }, { id: 'bob', name: 'Bob CSM' }, { id: 'tina', name: 'Tina Trainer' }];
const csm = { name: 'alice', roles: ['csm'], via: 'cookie' };
const viewer = { name: 'val', roles: ['viewer'], via: 'cookie' };

const onboarding: RunProgress = {
  instanceId: 'run-1', playbook: 'onboarding-90-day', playbookName: '90-day onboarding', period: '2026-11-02', status: 'Running',
  kickoffDate: '2026-11-02T09:00:00Z', contractStart: null, reservedAt: '2026-11-02T09:00:00Z', startedBy: 'alice', percentDone: 14,
  counts: { open: 3, overdue: 1, completed: 2, cancelled: 0, expired: 0, planned: 8 },
  start: '2026-11-02T09:00:00Z', end: '2026-11-30T18:00:00Z',
  phases: [{
    name: 'Foundation', status: 'active', start: '2026-11-02T09:00:00Z', end: '2026-11-30T18:00:00Z', gate: { milestone: 'foundation', met: false, metAt: null },
    tasks: [{ id: 't1', activityId: 'kickoff', title: 'Kickoff call', ownerPersonId: 'alice', ownerName: 'Alice CSM', ownerRole: 'csm', dueAt: '2026-11-05T18:00:00Z', status: 'overdue', completedAt: null }],
  }],
};
const progress = (runs: RunProgress[]): AccountProgress => ({
  accountId: 'mercy', customer: 'Mercy Health', asOf: '2026-11-10T09:00:00Z', runs,
  playbooks: [{ id: 'onboarding-90-day', name: '90-day onboarding', countsFrom: 'kickoffDate' }, { id: 'qbr-cadence', name: 'QBR cadence', countsFrom: 'contractStart' }],
});

function renderAt(url: string, page: React.ReactNode) {
  window.history.pushState(null, '', url);
  return render(<RouterProvider>{page}</RouterProvider>);
}

describe('AccountsPage', () => {
  it('lists accounts with CSM names and task counts, and the search narrows by any shown word', async () => {
    fakeApi({
      'GET /api/accounts?taskCounts=true': [
        account('mercy', 'Mercy Health', 'Enterprise', 'alice', { openTasks: 4, overdueTasks: 1 }),
        account('st-ann', 'St Ann Clinic', 'Small', 'bob', { region: 'APAC', healthScore: null, openTasks: 0, overdueTasks: 0 }),
      ],
      'GET /api/people': people,
    });
    renderAt('/accounts', <AccountsPage />);

    const link = await screen.findByRole('link', { name: 'Mercy Health' });
    expect(link.getAttribute('href')).toBe('/accounts/mercy');
    await screen.findByText('Bob CSM');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((c) => c.textContent))).toEqual([
      ['Enterprise', 'Europe', 'Alice CSM', '80', '4', '1'],
      ['Small', 'APAC', 'Bob CSM', '—', '0', '0'],
    ]);
    expect(rows[0].className).toBe('overdue');

    fireEvent.change(screen.getByLabelText('Search accounts'), { target: { value: 'bob apac' } });
    expect(screen.getAllByRole('row').slice(1).map((r) => r.querySelector('a')!.textContent)).toEqual(['St Ann Clinic']);
    expect(screen.getByTestId('account-count').textContent).toBe('1 of 2 accounts');

    fireEvent.change(screen.getByLabelText('Search accounts'), { target: { value: 'nothing' } });
    expect(screen.getByText('No account matches the search.')).toBeTruthy();
  });
});

describe('AccountPage', () => {
  it('shows the facts, roles by name, and a timeline per run; a viewer gets no start form', async () => {
    fakeApi({
      'GET /api/accounts/mercy': account('mercy', 'Mercy Health', 'Enterprise', 'alice', {
        beds: 640, segmentPolicy: { csmModel: 'dedicated', checkIns: 'weekly', reviews: 'monthly', beds: '500+' }, contacts: [{ personId: null, name: 'Sam Sponsor', title: 'CIO', email: 'sam@mercy.example', phone: null, channels: [], topics: ['qbr'] }] }),
      'GET /api/accounts/mercy/progress': progress([onboarding]),
      'GET /api/people': people,
    });
    renderAt('/accounts/mercy', <AccountPage accountId="mercy" me={viewer} />);

    expect(await screen.findByRole('heading', { level: 1, name: 'Mercy Health' })).toBeTruthy();
    await screen.findByText('Tina Trainer');
    const roles = screen.getByRole('region', { name: 'Roles' });
    expect(within(roles).getByText('csm').nextSibling!.textContent).toBe('Alice CSM');
    expect(screen.getByTestId('segment').textContent).toBe('Enterprise (500+ beds) · dedicated CSM · weekly check-ins, monthly reviews');
    expect(screen.getByText('Beds').nextSibling!.textContent).toBe('640');
    expect(within(screen.getByRole('region', { name: 'Contacts' })).getByText('Sam Sponsor')).toBeTruthy();
    const run = screen.getByRole('region', { name: /90-day onboarding/ });
    expect(within(run).getByText('14% done')).toBeTruthy();
    expect(within(run).getByRole('img').getAttribute('aria-labelledby')).toBeTruthy();
    expect(run.querySelectorAll('[data-kind="phase"]')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Start playbook' })).toBeNull();
  });

  it('starts a playbook for a CSM and, started twice for one period, says so and focuses the existing run', async () => {
    let started = 0;
    const calls = fakeApi({
      'GET /api/accounts/mercy': account('mercy', 'Mercy Health', 'Enterprise', 'alice'),
      'GET /api/accounts/mercy/progress': () => ({ status: 200, body: progress(started ? [onboarding] : []) }),
      'GET /api/people': people,
      'POST /api/accounts/mercy/playbooks/onboarding-90-day': () => {
        started++;
        return { status: started === 1 ? 202 : 200, body: { instanceId: 'run-1', playbook: 'onboarding-90-day', period: '2026-11-10', started: started === 1 } };
      },
    });
    renderAt('/accounts/mercy', <AccountPage accountId="mercy" me={csm} />);

    expect(await screen.findByText('No playbook runs for this account yet.')).toBeTruthy();
    expect((screen.getByLabelText('Kickoff date') as HTMLInputElement).value).toBe('2026-11-10');
    fireEvent.click(screen.getByRole('button', { name: 'Start playbook' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Started 90-day onboarding for period 2026-11-10.'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({});
    await screen.findByRole('region', { name: /90-day onboarding/ });

    fireEvent.click(screen.getByRole('button', { name: 'Start playbook' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('already has a run for period 2026-11-10'));
    const heading = screen.getByRole('heading', { level: 3, name: /90-day onboarding/ });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.closest('section')!.className).toContain('highlighted');

    // A contract-start playbook asks for the contract start instead, prefilled from the account, and sends it only when changed.
    fireEvent.change(screen.getByLabelText('Playbook'), { target: { value: 'qbr-cadence' } });
    expect(screen.queryByLabelText('Kickoff date')).toBeNull();
    expect((screen.getByLabelText('Contract start') as HTMLInputElement).value).toBe('2026-10-01');
  });

  it('names the account in the error when it does not exist', async () => {
    fakeApi({
      'GET /api/accounts/ghost': () => ({ status: 404, body: { detail: "no account 'ghost'" } }),
      'GET /api/accounts/ghost/progress': () => ({ status: 404, body: { detail: "no account 'ghost'" } }),
      'GET /api/people': people,
    });
    renderAt('/accounts/ghost', <AccountPage accountId="ghost" me={csm} />);

    expect((await screen.findByRole('alert')).textContent).toBe("no account 'ghost'");
    expect(screen.getByRole('link', { name: 'All accounts' })).toBeTruthy();
  });
});
