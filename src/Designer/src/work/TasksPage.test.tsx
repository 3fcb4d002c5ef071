import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { RouterProvider } from '../router';
import TasksPage, { type HumanTask } from './TasksPage';
import { fakeApi } from './fakeApi';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); window.history.pushState(null, '', '/'); });

const now = Date.parse('2026-11-10T12:00:00Z');
const task = (id: string, title: string, status: string, dueAt: string | null): HumanTask => ({
  id, workflowInstanceId: `run-${id}`, activityId: 'kickoff', definitionId: 'onboarding', title, description: null, ownerPersonId: 'alice', ownerRole: null,
  accountId: 'acme', phase: 'Foundation', milestone: null, dueAt, status, createdAt: '2026-11-01T09:00:00Z', updatedAt: '2026-11-01T09:00:00Z',
  completedAt: null, completedBy: null, comment: null, reassignments: [],
});
const me = { name: 'alice', roles: ['csm'], via: 'cookie' };
const people = [{ id: 'alice', name: 'Alice' }, { id: 'bob', name: 'Bob' }];

function renderAt(url: string) {
  window.history.pushState(null, '', url);
  return render(<RouterProvider><TasksPage me={me} now={() => now} /></RouterProvider>);
}

describe('TasksPage', () => {
  it('lists my open and overdue tasks soonest due first and marks the overdue one', async () => {
    const calls = fakeApi({
      'GET /api/tasks?limit=500&owner=me&status=open': [task('t2', 'QBR deck', 'open', '2026-11-12T12:00:00Z')],
      'GET /api/tasks?limit=500&owner=me&status=overdue': [task('t1', 'Kickoff call', 'overdue', '2026-11-09T12:00:00Z')],
      'GET /api/people': people,
    });
    renderAt('/tasks');

    const rows = await screen.findAllByRole('row');
    expect(rows.slice(1).map((r) => r.querySelector('button')!.textContent)).toEqual(['Kickoff call', 'QBR deck']);
    expect(rows[1].className).toContain('overdue');
    expect(rows[1].textContent).toContain('overdue by 24 h');
    expect(rows[2].className).not.toContain('overdue');
    expect(rows[2].textContent).toContain('due in 2 d');
    expect(screen.getByTestId('task-count').textContent).toBe('2 tasks, 1 overdue');
    expect(calls.filter((c) => c.path.startsWith('/api/tasks')).map((c) => c.path)).toHaveLength(2);
  });

  it('explains when the signed-in user is no person', async () => {
    fakeApi({
      'GET /api/tasks?limit=500&owner=me&status=open': () => ({ status: 400, body: { errors: { owner: ['no person'] } } }),
      'GET /api/tasks?limit=500&owner=me&status=overdue': () => ({ status: 400, body: { errors: { owner: ['no person'] } } }),
      'GET /api/people': people,
    });
    renderAt('/tasks');

    expect((await screen.findByRole('alert')).textContent).toContain('no person in the directory');
  });

  it('completes a task with a comment from the keyboard and returns focus to the list', async () => {
    let done = false;
    const calls = fakeApi({
      'GET /api/tasks?limit=500&owner=me&status=open': () => ({ status: 200, body: done ? [] : [task('t1', 'Kickoff call', 'open', '2026-11-12T12:00:00Z')] }),
      'GET /api/tasks?limit=500&owner=me&status=overdue': [],
      'GET /api/people': people,
      'POST /api/tasks/t1/complete': () => { done = true; return { status: 202, body: { stimulusId: 's', status: 'delivered' } }; },
    });
    renderAt('/tasks');

    const open = await screen.findByRole('button', { name: 'Kickoff call' });
    fireEvent.click(open);
    const heading = await screen.findByRole('heading', { name: 'Kickoff call' });
    expect(document.activeElement).toBe(heading);
    const comment = screen.getByLabelText('Comment');
    fireEvent.change(comment, { target: { value: 'held, plan agreed' } });
    await act(async () => { fireEvent.keyDown(comment, { key: 'Enter', ctrlKey: true }); });

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')).toEqual({ method: 'POST', path: '/api/tasks/t1/complete', body: { comment: 'held, plan agreed' } });
    expect((await screen.findByRole('status')).textContent).toContain('the workflow has moved on');
    await screen.findByText('No tasks.');
  });

  it('reassigns to a person from the directory and names the missing choice', async () => {
    const calls = fakeApi({
      'GET /api/tasks?limit=500&owner=anyone&status=overdue': [task('t1', 'Kickoff call', 'overdue', '2026-11-09T12:00:00Z')],
      'GET /api/tasks?limit=500&status=overdue': [task('t1', 'Kickoff call', 'overdue', '2026-11-09T12:00:00Z')],
      'GET /api/people': people,
      'POST /api/tasks/t1/reassign': () => ({ status: 202, body: { stimulusId: 's', status: 'delivered' } }),
    });
    renderAt('/tasks?owner=anyone&status=overdue');

    fireEvent.click(await screen.findByRole('button', { name: 'Kickoff call' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reassign' }));
    expect(screen.getByRole('alert').textContent).toContain('Choose the person');
    const select = screen.getByLabelText('Reassign to') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'bob']);
    fireEvent.change(select, { target: { value: 'bob' } });
    fireEvent.change(screen.getByLabelText('Why (optional)'), { target: { value: 'on leave' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Reassign' })); });

    await waitFor(() => expect(calls.find((c) => c.method === 'POST')).toEqual({ method: 'POST', path: '/api/tasks/t1/reassign', body: { personId: 'bob', comment: 'on leave' } }));
    expect((await screen.findByRole('status')).textContent).toBe('Reassigned “Kickoff call” to Bob');
  });

  it('Escape closes the task and puts focus back on its row', async () => {
    fakeApi({
      'GET /api/tasks?limit=500&owner=me&status=open': [task('t1', 'Kickoff call', 'open', null)],
      'GET /api/tasks?limit=500&owner=me&status=overdue': [],
      'GET /api/people': people,
    });
    renderAt('/tasks');
    const row = await screen.findByRole('button', { name: 'Kickoff call' });
    fireEvent.click(row);
    const heading = await screen.findByRole('heading', { name: 'Kickoff call' });

    fireEvent.keyDown(heading, { key: 'Escape' });

    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Kickoff call' })));
    expect(screen.queryByRole('heading', { name: 'Kickoff call' })).toBeNull();
  });
});
