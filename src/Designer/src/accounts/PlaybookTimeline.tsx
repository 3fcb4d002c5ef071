import { useId } from 'react';
import { formatTime } from '../api';
import { layoutTimeline, rowHeight, statusColors, statusLabels, type ProgressTask, type RunProgress } from './progress';

const phaseFill = { done: '#d1fadf', active: '#dbeafe', planned: '#f2f4f7' } as const;

function owner(t: ProgressTask): string {
  return t.ownerName ?? t.ownerPersonId ?? (t.ownerRole ? `role ${t.ownerRole}` : 'nobody yet');
}

function taskText(t: ProgressTask): string {
  return `${t.title}: ${statusLabels[t.status] ?? t.status}, ${owner(t)}, due ${t.dueAt ? formatTime(t.dueAt) : 'when assigned'}`
    + (t.completedAt ? `, completed ${formatTime(t.completedAt)}` : '');
}

/**
 * A run's phases on a date axis: one row per phase, its bar from opening to the last due date or gate, a marker per task at
 * its due date coloured by status, a diamond for the gate (filled once met) and a line for today. The same data follows as a
 * table for keyboard and screen-reader users; the chart itself is one labelled image whose parts carry titles for pointers.
 */
export function PlaybookTimeline({ run, asOf }: { run: RunProgress; asOf: string }) {
  const titleId = useId();
  if (run.phases.length === 0) return <p className="muted">No phases yet.</p>;
  const layout = layoutTimeline(run, asOf);
  const summary = `${run.playbookName} (${run.period}): ${run.percentDone}% done; `
    + run.phases.map((p) => `${p.name} ${p.status}, ${p.tasks.length} task${p.tasks.length === 1 ? '' : 's'}${p.gate ? `, gate ${p.gate.met ? 'met' : 'not met'}` : ''}`).join('; ');
  return (
    <figure className="timeline" data-testid="timeline">
      <p className="legend" aria-hidden="true">
        {Object.keys(statusColors).map((s) => (
          <span key={s}><span className={`swatch marker-${s}`} style={{ background: statusColors[s] }} />{statusLabels[s]}</span>
        ))}
        <span><span className="swatch gate" />gate</span>
        <span><span className="swatch today" />today</span>
      </p>
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{summary}</title>
        {layout.ticks.map((t) => (
          <g key={t.x} data-kind="tick">
            <line x1={t.x} x2={t.x} y1={18} y2={layout.height} stroke="#e4e7ec" />
            <text x={t.x + 2} y={12} fontSize={11} fill="#475467">{t.label}</text>
          </g>
        ))}
        {layout.rows.map((r) => (
          <g key={r.phase.name} data-kind="phase" data-phase={r.phase.name} data-status={r.phase.status}>
            <text x={4} y={r.y + rowHeight / 2 + 4} fontSize={12} fontWeight={600} fill="#1d2330">{r.phase.name}</text>
            {r.bar && (
              <rect data-kind="bar" x={r.bar.x} y={r.y + 8} width={r.bar.width} height={rowHeight - 16} rx={3} fill={phaseFill[r.phase.status]}
                stroke={r.phase.status === 'planned' ? '#98a2b3' : 'none'} strokeDasharray={r.phase.status === 'planned' ? '4 3' : undefined}>
                <title>{`${r.phase.name}: ${r.phase.status}, ${r.phase.start ? formatTime(r.phase.start) : '?'} to ${r.phase.end ? formatTime(r.phase.end) : '?'}`}</title>
              </rect>
            )}
            {/* The gate goes under the markers: a task due on the gate's day stays visible inside it. */}
            {r.gate && (
              <path data-kind="gate" data-met={r.gate.met} d={`M ${r.gate.x} ${r.y + 5} l 7 12 l -7 12 l -7 -12 z`}
                fill={r.gate.met ? '#1d2330' : '#fff'} stroke="#1d2330" strokeWidth={1.5}>
                <title>{`Gate ${r.phase.gate!.milestone}: ${r.gate.met ? `met ${formatTime(r.phase.gate!.metAt)}` : 'not met yet'}`}</title>
              </path>
            )}
            {r.markers.map((m, i) => (
              <circle key={`${m.task.activityId}-${i}`} data-kind="task" data-status={m.task.status} cx={m.cx} cy={r.y + rowHeight / 2} r={6}
                fill={m.color} stroke={m.task.status === 'planned' ? '#667085' : '#fff'} strokeWidth={1.5}>
                <title>{taskText(m.task)}</title>
              </circle>
            ))}
          </g>
        ))}
        <line data-kind="today" x1={layout.todayX} x2={layout.todayX} y1={14} y2={layout.height} stroke="#b42318" strokeWidth={2} strokeDasharray="5 3">
          <title>{`Today ${formatTime(asOf)}`}</title>
        </line>
      </svg>
      <details>
        <summary>Phases and tasks as a table</summary>
        <table className="list">
          <caption className="sr-only">{`${run.playbookName} (${run.period}) phases and tasks`}</caption>
          <thead><tr><th scope="col">Phase</th><th scope="col">Task</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Completed</th></tr></thead>
          {run.phases.map((p) => (
            <tbody key={p.name}>
              <tr className="phase-row">
                <th scope="rowgroup" colSpan={6}>
                  {p.name} <span className={`badge ${p.status}`}>{p.status}</span>{' '}
                  <span className="muted">
                    {p.start ? formatTime(p.start) : '—'} to {p.end ? formatTime(p.end) : '—'}
                    {p.gate ? ` · gate ${p.gate.milestone} ${p.gate.met ? `met ${formatTime(p.gate.metAt)}` : 'not met'}` : ''}
                  </span>
                </th>
              </tr>
              {p.tasks.map((t, i) => (
                <tr key={`${t.activityId}-${i}`} className={t.status}>
                  <td>{p.name}</td><td>{t.title}</td><td>{owner(t)}</td><td>{t.dueAt ? formatTime(t.dueAt) : '—'}</td>
                  <td><span className={`badge ${t.status}`}>{t.status}</span></td><td>{formatTime(t.completedAt)}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </details>
    </figure>
  );
}
