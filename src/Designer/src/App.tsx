import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, ApiError, can, type Me } from './api';
import { Link, RouterProvider, useRoute } from './router';
import { LoginPage } from './pages/LoginPage';
import { DefinitionsPage } from './pages/DefinitionsPage';

// The editor and the instance graph carry @xyflow/react (and elkjs on demand): separate chunks, loaded when opened.
const EditorPage = lazy(() => import('./editor/EditorPage'));
const InstancePage = lazy(() => import('./editor/InstancePage'));
// The work views and the rarer pages load on first visit too, so the first page needs only the sign-in and the list.
const TasksPage = lazy(() => import('./work/TasksPage'));
const DashboardPage = lazy(() => import('./work/DashboardPage'));
const InstancesPage = lazy(() => import('./pages/InstancesPage').then((m) => ({ default: m.InstancesPage })));
const IncidentsPage = lazy(() => import('./incidents/IncidentsPage'));
const IncidentPage = lazy(() => import('./incidents/IncidentPage'));
const AccountsPage = lazy(() => import('./accounts/AccountsPage'));
const AccountPage = lazy(() => import('./accounts/AccountPage'));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));

export function App() {
  return (
    <RouterProvider>
      <Shell />
    </RouterProvider>
  );
}

function Shell() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const { path, navigate } = useRoute();
  const load = useCallback(async () => {
    try {
      setMe(await api<Me>('/api/auth/me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else throw e;
    }
  }, []);
  useEffect(() => void load(), [load]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) return <LoginPage onSignedIn={(m) => { setMe(m); if (path === '/login') navigate('/'); }} />;

  const signOut = async () => {
    await api('/api/auth/logout', { method: 'POST' });
    setMe(null);
    navigate('/');
  };
  const pathname = path.split('?')[0];
  const segments = pathname.split('/').filter(Boolean);
  let page: React.ReactNode;
  if (segments[0] === 'definitions' && segments[1]) page = <EditorPage key={segments[1]} definitionId={decodeURIComponent(segments[1])} me={me} />;
  else if (segments[0] === 'instances' && segments[1]) page = <InstancePage key={segments[1]} instanceId={decodeURIComponent(segments[1])} me={me} />;
  else if (segments[0] === 'instances') page = <InstancesPage me={me} />;
  else if (segments[0] === 'users' && can(me, 'administer')) page = <UsersPage />;
  else if (segments[0] === 'tasks') page = <TasksPage me={me} />;
  else if (segments[0] === 'incidents' && segments[1]) page = <IncidentPage key={segments[1]} incidentId={decodeURIComponent(segments[1])} me={me} />;
  else if (segments[0] === 'incidents') page = <IncidentsPage me={me} />;
  else if (segments[0] === 'accounts' && segments[1]) page = <AccountPage key={segments[1]} accountId={decodeURIComponent(segments[1])} me={me} />;
  else if (segments[0] === 'accounts') page = <AccountsPage />;
  else if (segments[0] === 'dashboard') page = <DashboardPage me={me} />;
  else page = <DefinitionsPage me={me} />;

  const current = (s: string) => (segments[0] ?? 'definitions') === s ? 'page' : undefined;
  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">Orchestrator</strong>
        <nav aria-label="Main">
          <Link to="/" aria-current={current('definitions')}>Workflows</Link>
          <Link to="/instances" aria-current={current('instances')}>Instances</Link>
          <Link to="/tasks" aria-current={current('tasks')}>Tasks</Link>
          <Link to="/accounts" aria-current={current('accounts')}>Accounts</Link>
          <Link to="/incidents" aria-current={current('incidents')}>Incidents</Link>
          <Link to="/dashboard" aria-current={current('dashboard')}>Dashboard</Link>
          {can(me, 'administer') && <Link to="/users" aria-current={current('users')}>Users</Link>}
        </nav>
        <span className="who" data-testid="who">{me.name} · {me.roles.join(', ')}</span>
        <button type="button" onClick={() => void signOut()}>Sign out</button>
      </header>
      <main>
        <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>
      </main>
    </div>
  );
}
