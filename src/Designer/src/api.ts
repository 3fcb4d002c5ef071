// Every call goes to the same origin with the session cookie; writes carry the header the host asks of cookie writes.
export class ApiError extends Error {
  readonly status: number;
  readonly errors: Record<string, string[]>;
  constructor(status: number, message: string, errors: Record<string, string[]> = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; raw?: string } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Orchestrator-Request'] = '1';
  let body: string | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  const data = text ? safeParse(text) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; title?: string; errors?: Record<string, string[]> };
    throw new ApiError(response.status, problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`, problem.errors ?? {});
  }
  return data as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface Me { name: string; roles: string[]; via: string }

/** What each role may do, mirroring the host's policies so the page shows only what will work. */
export function can(me: Me | null, what: 'manage-definitions' | 'operate-runs' | 'administer' | 'work-tasks'): boolean {
  if (!me) return false;
  const roles = new Set(me.roles);
  if (roles.has('admin')) return true;
  if (what === 'manage-definitions') return roles.has('process-owner');
  if (what === 'work-tasks') return roles.has('process-owner') || roles.has('csm') || roles.has('incident-commander');
  if (what === 'operate-runs') return roles.has('csm') || roles.has('incident-commander');
  return false;
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleString();
}

/** "due in 3 h", "overdue by 2 d": how a due time stands against now, in the largest whole unit. */
export function relativeDue(dueAt: string | null | undefined, now: number): string {
  if (!dueAt) return 'no due date';
  const due = new Date(dueAt).getTime();
  if (Number.isNaN(due)) return dueAt;
  const diff = due - now;
  const minutes = Math.round(Math.abs(diff) / 60000);
  const text = minutes >= 2880 ? `${Math.round(minutes / 1440)} d` : minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return diff >= 0 ? `due in ${text}` : `overdue by ${text}`;
}
