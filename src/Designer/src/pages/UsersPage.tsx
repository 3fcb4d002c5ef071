import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, formatTime } from '../api';

interface User { name: string; roles: string[]; createdAt: string | null }
const allRoles = ['admin', 'process-owner', 'csm', 'incident-commander', 'integration', 'viewer'];

export function UsersPage() {
  const [users, setUsers] = useState<User[] | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>(['viewer']);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => setUsers(await api<User[]>('/api/users')), []);
  useEffect(() => void load().catch((e: Error) => setError(e.message)), [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/users', { method: 'POST', body: { name, password, roles } });
      setName('');
      setPassword('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const remove = async (u: User) => {
    if (!window.confirm(`Delete user ${u.name}?`)) return;
    try {
      await api(`/api/users/${encodeURIComponent(u.name)}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const toggle = (role: string) => setRoles((r) => (r.includes(role) ? r.filter((x) => x !== role) : [...r, role]));

  return (
    <section className="page">
      <h1>Users</h1>
      <form className="card" onSubmit={(e) => void create(e)} aria-label="New user">
        <label>User name<input value={name} onChange={(e) => setName(e.target.value)} required /></label>
        <label>Password (10+ characters)<input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} /></label>
        <fieldset><legend>Roles</legend>{allRoles.map((r) => <label key={r} className="check"><input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} />{r}</label>)}</fieldset>
        <button type="submit">Add user</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {users && (
        <table className="list">
          <thead><tr><th scope="col">Name</th><th scope="col">Roles</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>{users.map((u) => (
            <tr key={u.name}><td>{u.name}</td><td>{u.roles.join(', ')}</td><td>{formatTime(u.createdAt)}</td>
              <td><button type="button" className="danger" onClick={() => void remove(u)} aria-label={`Delete user ${u.name}`}>Delete</button></td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
