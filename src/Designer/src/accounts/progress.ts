// What GET /api/accounts/{id}/progress answers.
export interface ProgressTask {
  id: string | null; activityId: string; title: string; ownerPersonId: string | null; ownerName: string | null; ownerRole: string | null;
  dueAt: string | null; status: string; completedAt: string | null;
}
export interface ProgressGate { milestone: string; met: boolean; metAt: string | null }
export interface ProgressPhase { name: string; status: 'planned' | 'active' | 'done'; start: string | null; end: string | null; gate: ProgressGate | null; tasks: ProgressTask[] }
export interface RunProgress {
  instanceId: string; playbook: string; playbookName: string; period: string; status: string; kickoffDate: string; contractStart: string | null;
  reservedAt: string; startedBy: string | null; percentDone: number;
  counts: { open: number; overdue: number; completed: number; cancelled: number; expired: number; planned: number };
  start: string | null; end: string | null; phases: ProgressPhase[];
}
export interface StartablePlaybook { id: string; name: string; countsFrom: 'kickoffDate' | 'contractStart' }
export interface AccountProgress { accountId: string; customer: string; asOf: string; playbooks: StartablePlaybook[]; runs: RunProgress[] }

export const statusColors: Record<string, string> = {
  completed: '#12b76a',
  open: '#2e90fa',
  overdue: '#f04438',
  expired: '#f79009',
  cancelled: '#98a2b3',
  planned: '#ffffff',
};

export const statusLabels: Record<string, string> = {
  completed: 'completed', open: 'open', overdue: 'overdue', expired: 'expired (closed unanswered)', cancelled: 'cancelled', planned: 'planned',
};

const day = 86_400_000;

export function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export interface Marker { task: ProgressTask; cx: number; color: string }
export interface Row { phase: ProgressPhase; y: number; bar: { x: number; width: number } | null; markers: Marker[]; gate: { x: number; met: boolean } | null }
export interface Layout { from: number; to: number; width: number; height: number; left: number; right: number; todayX: number; ticks: { x: number; label: string }[]; rows: Row[] }

export const rowHeight = 34;
const axisHeight = 24;

/**
 * Where everything goes on a date axis: whole UTC days from the earliest date in the run (phase starts, due dates, gates,
 * today) to the latest, mapped onto [left, width - right]; one row per phase with its bar, task markers and gate.
 */
export function layoutTimeline(run: RunProgress, asOf: string, width = 1000, left = 180, right = 16): Layout {
  const now = Date.parse(asOf);
  const dates: number[] = [now];
  for (const p of run.phases) {
    for (const d of [p.start, p.end, p.gate?.metAt]) if (d) dates.push(Date.parse(d));
    for (const t of p.tasks) if (t.dueAt) dates.push(Date.parse(t.dueAt));
  }
  const from = Math.floor(Math.min(...dates) / day) * day;
  const to = (Math.floor(Math.max(...dates) / day) + 1) * day;
  const span = to - from;
  const x = (ms: number) => left + ((ms - from) / span) * (width - left - right);

  // About eight ticks: a whole number of days, weeks or months between them.
  const days = span / day;
  const step = [1, 2, 7, 14, 28, 56, 91, 182, 364].find((s) => days / s <= 10) ?? 728;
  const ticks: { x: number; label: string }[] = [];
  for (let t = from; t <= to; t += step * day) ticks.push({ x: x(t), label: formatDay(t) });

  const rows = run.phases.map((phase, i): Row => {
    const y = axisHeight + i * rowHeight;
    const start = phase.start ? Date.parse(phase.start) : null;
    const end = phase.end ? Date.parse(phase.end) : start;
    const bar = start !== null && end !== null ? { x: x(start), width: Math.max(2, x(end) - x(start)) } : null;
    const markers = phase.tasks.filter((t) => t.dueAt).map((t) => ({ task: t, cx: x(Date.parse(t.dueAt!)), color: statusColors[t.status] ?? '#667085' }));
    const gateAt = phase.gate ? (phase.gate.metAt ?? phase.end) : null;
    return { phase, y, bar, markers, gate: phase.gate && gateAt ? { x: x(Date.parse(gateAt)), met: phase.gate.met } : null };
  });
  return { from, to, width, height: axisHeight + run.phases.length * rowHeight + 8, left, right, todayX: x(now), ticks, rows };
}
