import { describe, expect, it } from 'vitest';
import { sideBySide } from './diff';

describe('sideBySide', () => {
  it('aligns unchanged lines and pairs changed ones', () => {
    const rows = sideBySide('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'same', 'same', 'added']);
    expect(rows[1]).toEqual({ left: 'b', right: 'B', kind: 'changed' });
    expect(rows[4]).toEqual({ left: null, right: 'e', kind: 'added' });
  });

  it('shows removed lines on the left only', () => {
    expect(sideBySide('a\nx\nb', 'a\nb')).toEqual([
      { left: 'a', right: 'a', kind: 'same' }, { left: 'x', right: null, kind: 'removed' }, { left: 'b', right: 'b', kind: 'same' },
    ]);
  });
});
