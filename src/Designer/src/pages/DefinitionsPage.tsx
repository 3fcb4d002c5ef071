import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, can, formatTime, type Me } from '../api';
import { Link, useRoute } from '../router';
import { emptyDefinition, slug } from '../editor/elsaModel';

export interface DefinitionSummary {
  definitionId: string;
  name: string;
  version: number;
  status: string;
  publishedVersion: number | null;
  updatedAt: string | null;
}

export function DefinitionsPage({ me }: { me: Me }) {
  const [items, setItems] = useState<DefinitionSummary[] | null>(null);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const { navigate } = useRoute();
  const manage = can(me, 'manage-definitions');

  const load = useCallback(async (text: string) => {
    try {
      setItems(await api<DefinitionSummary[]>(`/api/workflow-definitions${text ? `?search=${encodeURIComponent(text)}` : ''}`));
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    const t = setTimeout(() => void load(search), 200);
    return () => clearTimeout(t);
  }, [search, load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await api<{ definitionId: string }>('/api/workflow-definitions', { method: 'POST', body: emptyDefinition(newName.trim()) });
      navigate(`/definitions/${encodeURIComponent(saved.definitionId)}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const importFile = async (file: File) => {
    setError(null);
    try {
      const text = await file.text();
      const parsed = JSON.parse(text);
      // A file without a definitionId gets one from its name or file name, as the host requires one.
      if (!parsed.definitionId) parsed.definitionId = slug(parsed.name ?? file.name.replace(/\.json$/i, ''));
      const saved = await api<{ definitionId: string }>('/api/workflow-definitions', { method: 'POST', raw: JSON.stringify(parsed) });
      await load(search);
      setError(null);
      navigate(`/definitions/${encodeURIComponent(saved.definitionId)}`);
    } catch (err) {
      setError(`could not import ${file.name}: ${(err as Error).message}`);
    }
  };

  const remove = async (d: DefinitionSummary) => {
    if (!window.confirm(`Delete "${d.name}" and all its versions?`)) return;
    try {
      await api(`/api/workflow-definitions/${encodeURIComponent(d.definitionId)}`, { method: 'DELETE' });
      await load(search);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>Workflows</h1>
        <label className="search">Search<input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name contains…" /></label>
      </div>
      {manage && (
        <div className="toolbar">
          <form onSubmit={(e) => void create(e)} className="inline">
            <label>New workflow name<input value={newName} onChange={(e) => setNewName(e.target.value)} required maxLength={100} /></label>
            <button type="submit">Create</button>
          </form>
          <button type="button" onClick={() => fileInput.current?.click()}>Import Elsa JSON…</button>
          <input ref={fileInput} type="file" accept="application/json,.json" hidden aria-label="Elsa JSON file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} />
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {items === null ? <p>Loading…</p> : items.length === 0 ? <p>No workflows{search ? ` match "${search}"` : ''}.</p> : (
        <table className="list">
          <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Last edit</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.definitionId}>
                <td><Link to={`/definitions/${encodeURIComponent(d.definitionId)}`}>{d.name || d.definitionId}</Link><div className="muted">{d.definitionId}</div></td>
                <td><span className={`badge ${d.status.toLowerCase()}`}>{d.status}</span></td>
                <td>{d.version}</td>
                <td>{d.publishedVersion ?? '—'}</td>
                <td>{formatTime(d.updatedAt)}</td>
                <td className="actions">
                  <a href={`/api/workflow-definitions/${encodeURIComponent(d.definitionId)}/export`} download={`${d.definitionId}.json`}>Export</a>
                  <Link to={`/instances?definitionId=${encodeURIComponent(d.definitionId)}`}>Runs</Link>
                  {manage && <button type="button" className="danger" onClick={() => void remove(d)} aria-label={`Delete ${d.name}`}>Delete</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
