import { useEffect, useMemo, useState } from 'react';
import { api } from '../api';
import { Link } from '../router';

export interface AccountContact { personId: string | null; name: string | null; title: string | null; email: string | null; phone: string | null; channels: string[]; topics: string[] }
/** What the account's segment gets, as the API answers it with every account. */
export interface SegmentPolicy { csmModel: string; checkIns: string; reviews: string; beds: string }
export interface Account {
  id: string; customer: string; segment: string; region: string | null; locale: string; calendarId: string | null;
  roles: Record<string, string>; contractStart: string | null; healthScore: number | null; contacts: AccountContact[];
  beds?: number; segmentPolicy?: SegmentPolicy;
  openTasks?: number; overdueTasks?: number;
}
export interface PersonSummary { id: string; name: string }

/** Every account with its CSM, health and open work; the search narrows by any of the shown words. */
export default function AccountsPage() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<Account[]>('/api/accounts?taskCounts=true').then(setAccounts).catch((e: Error) => { setAccounts([]); setError(e.message); });
    api<PersonSummary[]>('/api/people').then(setPeople).catch(() => {});
  }, []);

  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const csm = (a: Account) => (a.roles.csm ? names.get(a.roles.csm) ?? a.roles.csm : '—');
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (accounts ?? []).filter((a) => {
    const text = [a.customer, a.id, a.segment, a.region ?? '', csm(a)].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });

  return (
    <section className="page accounts-page">
      <div className="page-head">
        <h1>Accounts</h1>
        <label className="search">Search accounts
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name, segment, region or CSM" />
        </label>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {accounts === null ? <p className="loading">Loading…</p> : (
        <>
          <p className="muted" role="status" data-testid="account-count">{shown.length} of {accounts.length} accounts</p>
          <table className="list">
            <thead>
              <tr><th scope="col">Account</th><th scope="col">Segment</th><th scope="col">Region</th><th scope="col">CSM</th><th scope="col">Health</th><th scope="col">Open tasks</th><th scope="col">Overdue</th></tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id} className={a.overdueTasks ? 'overdue' : undefined}>
                  <td><Link to={`/accounts/${encodeURIComponent(a.id)}`}>{a.customer}</Link> <span className="muted">{a.id}</span></td>
                  <td>{a.segment}</td>
                  <td>{a.region ?? '—'}</td>
                  <td>{csm(a)}</td>
                  <td>{a.healthScore ?? '—'}</td>
                  <td>{a.openTasks ?? 0}</td>
                  <td>{a.overdueTasks ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p>{accounts.length === 0 ? 'No accounts yet.' : 'No account matches the search.'}</p>}
        </>
      )}
    </section>
  );
}
