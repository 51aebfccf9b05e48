import { describe, expect, it } from 'vitest';
import { adminCan, roleCan, TEAM_ACTIONS, type TeamAction } from './permissions';

describe('permission table', () => {
  it('gives a reviewer read, comment and benchmark-entry verification only', () => {
    const allowed = (Object.keys(TEAM_ACTIONS) as TeamAction[]).filter((a) => roleCan('reviewer', a));
    expect(allowed).toEqual(['team.read', 'team.comment', 'team.verify']);
  });

  it('lets only owners publish benchmarks', () => {
    expect(roleCan('owner', 'team.publish')).toBe(true);
    expect(roleCan('researcher', 'team.publish')).toBe(false);
    expect(roleCan('reviewer', 'team.publish')).toBe(false);
    expect(roleCan('researcher', 'team.verify')).toBe(false);
    expect(adminCan('team.publish')).toBe(false);
  });

  it('lets researchers write and run but not manage members', () => {
    expect(roleCan('researcher', 'team.write')).toBe(true);
    expect(roleCan('researcher', 'team.run')).toBe(true);
    expect(roleCan('researcher', 'team.manage')).toBe(false);
    expect(roleCan('researcher', 'team.audit')).toBe(false);
  });

  it('lets owners do everything', () => {
    for (const a of Object.keys(TEAM_ACTIONS) as TeamAction[]) expect(roleCan('owner', a)).toBe(true);
  });

  it('keeps admins out of other teams’ jobs and members', () => {
    expect(adminCan('team.read')).toBe(true);
    expect(adminCan('team.run')).toBe(false);
    expect(adminCan('team.manage')).toBe(false);
  });
});
