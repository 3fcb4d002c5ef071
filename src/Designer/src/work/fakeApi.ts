import { vi } from 'vitest';

export interface Call { method: string; path: string; body: unknown }

/** A fetch stand-in for component tests: answers by "METHOD path" (path with query), records every call. */
export function fakeApi(routes: Record<string, unknown | ((body: unknown) => { status: number; body: unknown })>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (path: string, init: { method?: string; body?: string } = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(init.body) : undefined;
    calls.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    if (route === undefined) return { ok: false, status: 404, statusText: 'Not Found', text: async () => JSON.stringify({ detail: `no route ${method} ${path}` }) };
    const answer = typeof route === 'function' ? (route as (b: unknown) => { status: number; body: unknown })(body) : { status: 200, body: route };
    return { ok: answer.status < 400, status: answer.status, statusText: '', text: async () => JSON.stringify(answer.body) };
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}
