import type { Me } from '../api';

export interface IncidentUpdate { type: 'update' | 'resolve' | 'close'; text: string; statusPage: boolean; by: string | null; at: string }
export interface Incident {
  id: string; title: string; severity: string; priority: string; kind: string; commanderId: string; accountIds: string[];
  status: 'open' | 'resolved' | 'closed'; declaredAt: string; resolvedAt: string | null; closedAt: string | null; instanceId: string | null;
  updates: IncidentUpdate[]; revision: number; phase: string; nextUpdateDueAt: string | null; updateLate: boolean;
}
export interface Page {
  messageId: string; personId: string | null; personName: string | null; channel: string; address: string | null; template: string | null;
  activityId: string; queuedAt: string; sentAt: string | null; status: string; deliveryStatus: string | null; delivery: string; acknowledgedAt: string | null;
}
export interface Acknowledgement { by: string | null; personName: string | null; at: string; activityId: string; escalationKey: string; level: number; round: number }
export interface Engagement {
  incidentId: string; title: string; status: Incident['status']; severity: string; kind: string; commander: { id: string; name: string | null };
  declaredAt: string; phase: string; phaseSince: string; phaseUntil: string | null;
  statusUpdates: { every: string | null; lastAt: string | null; nextDueAt: string | null; late: boolean; history: IncidentUpdate[] };
  accounts: { id: string; name: string | null }[]; paged: Page[]; acknowledgements: Acknowledgement[];
}

/** Declaring and driving incidents is for incident commanders and admins (the host's manage-incidents policy). */
export const mayManageIncidents = (me: Me) => me.roles.includes('admin') || me.roles.includes('incident-commander');

export const phaseLabel: Record<string, string> = { immediate: 'Immediate (0–15 min)', 'short-term': 'Short-term (15 min–2 h)', recovery: 'Recovery (2 h+)' };

/** "12 min", "3 h 5 min", "2 d 4 h": how long since an instant. */
export function age(from: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(from)) / 60000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 2880) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`;
}

/** Polls while mounted and the tab is visible; a hidden tab stops until it is shown again (and then loads at once). */
export function poll(load: () => Promise<void>, everyMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped || document.visibilityState === 'hidden') return;
    timer = setTimeout(() => void load().catch(() => {}).finally(schedule), everyMs);
  };
  const onVisibility = () => {
    clearTimeout(timer);
    if (document.visibilityState !== 'hidden') void load().catch(() => {}).finally(schedule);
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
