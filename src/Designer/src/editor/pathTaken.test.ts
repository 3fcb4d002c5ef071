import { describe, expect, it } from 'vitest';
import { pathTaken } from './InstancePage';

const doc = {
  root: {
    type: 'Elsa.Flowchart',
    activities: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
    connections: [
      { source: { activity: 'a', port: 'True' }, target: { activity: 'b', port: 'In' } },
      { source: { activity: 'a', port: 'False' }, target: { activity: 'c', port: 'In' } },
    ],
  },
};
const entry = (activityId: string, event: string, outcomes: string | null = null) => ({ sequence: 0, timestamp: '', activityId, activityType: 'x', event, outcomes, message: null });

describe('pathTaken', () => {
  it('marks the branch whose outcome fired and leaves the other one out', () => {
    const { states, taken } = pathTaken([entry('a', 'Started'), entry('a', 'Completed', 'True'), entry('b', 'Started'), entry('b', 'Suspended')], doc);
    expect(states.get('a')).toBe('done');
    expect(states.get('b')).toBe('waiting');
    expect(states.has('c')).toBe(false);
    expect([...taken]).toEqual(['a:True->b']);
  });
});
