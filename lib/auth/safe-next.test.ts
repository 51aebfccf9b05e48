import { describe, expect, it } from 'vitest';
import { inviteTokenOf, safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it('keeps a same-origin path with its query and hash', () => {
    expect(safeNextPath('/teams/abc/studies?tab=runs#top')).toBe('/teams/abc/studies?tab=runs#top');
  });

  it.each([
    ['/\\evil.example/x'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['//evil.example'],
    ['/\\/evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
  ])('refuses %j, which leaves the origin or is not a path', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('refuses a value that is not a string', () => {
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath(['/a'])).toBe('/');
  });
});

describe('inviteTokenOf', () => {
  it('finds the token of a path back to an invitation, and nothing else', () => {
    expect(inviteTokenOf('/invite/inv_abc-DEF_123')).toBe('inv_abc-DEF_123');
    expect(inviteTokenOf('/invite/inv_abc?x=1')).toBeNull();
    expect(inviteTokenOf('/invite/')).toBeNull();
    expect(inviteTokenOf('/teams/x')).toBeNull();
    expect(inviteTokenOf('//evil.example/invite/inv_abc')).toBeNull();
    expect(inviteTokenOf(undefined)).toBeNull();
  });
});
