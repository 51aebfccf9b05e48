import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next';

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
