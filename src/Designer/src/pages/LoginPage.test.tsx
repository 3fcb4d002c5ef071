import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LoginPage } from './LoginPage';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('LoginPage', () => {
  it('posts the credentials with the write header and reports who signed in', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ name: 'ada', roles: ['admin'], via: 'cookie' }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const signedIn = vi.fn();
    render(<LoginPage onSignedIn={signedIn} />);
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(signedIn).toHaveBeenCalledWith({ name: 'ada', roles: ['admin'], via: 'cookie' }));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(init.body as string)).toEqual({ user: 'ada', password: 'secret-password' });
    expect((init.headers as Record<string, string>)['X-Orchestrator-Request']).toBe('1');
  });

  it('shows the server problem when the password is wrong', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ title: 'Unauthorized', detail: 'the user name or password is wrong' }), { status: 401 })));
    render(<LoginPage onSignedIn={() => {}} />);
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('the user name or password is wrong');
  });
});
