import { describe, expect, it } from 'vitest';
import { activityLine } from './audit-activity';

const T = 'team-1';

describe('activityLine', () => {
  it('says a review change in words and links to the study', () => {
    expect(activityLine(T, { action: 'study.review', targetType: 'study', targetId: 's1', details: { status: 'in_review', note: '' } })).toEqual({
      text: 'Study review set to in review',
      href: '/teams/team-1/studies/s1',
    });
  });

  it('links a new dataset, but not a deleted one', () => {
    expect(activityLine(T, { action: 'dataset.created', targetType: 'dataset', targetId: 'd1', details: { name: 'Iris' } })).toEqual({ text: 'Dataset “Iris” uploaded', href: '/teams/team-1/datasets/d1' });
    expect(activityLine(T, { action: 'dataset.deleted', targetType: 'dataset', targetId: 'd1', details: { name: 'Iris' } }).href).toBeNull();
    expect(activityLine(T, { action: 'scenario.deleted', targetType: 'scenario', targetId: 'x', details: {} }).href).toBeNull();
  });

  it('sends member events to the members page', () => {
    const line = activityLine(T, { action: 'member.invited', targetType: 'invitation', targetId: 'i1', details: { email: 'a@b.org', role: 'reviewer' } });
    expect(line).toEqual({ text: 'a@b.org invited as reviewer', href: '/teams/team-1/members' });
    expect(activityLine(T, { action: 'member.role_changed', targetType: 'user', targetId: 'u', details: { from: 'reviewer', to: 'researcher' } }).text).toBe('A member’s role changed from reviewer to researcher');
  });

  it('falls back to the action name and the target page for an unknown action', () => {
    expect(activityLine(T, { action: 'comparison.renamed', targetType: 'comparison', targetId: 'c1', details: {} })).toEqual({ text: 'comparison.renamed', href: '/teams/team-1/comparisons/c1' });
    expect(activityLine(T, { action: 'thing.deleted', targetType: 'study', targetId: 's', details: {} }).href).toBeNull();
  });

  it('words benchmark events and links the benchmark page', () => {
    expect(activityLine(T, { action: 'benchmark.published', targetType: 'benchmark', targetId: 'b1', details: { name: 'Iris' } })).toEqual({ text: 'Benchmark “Iris” published', href: '/benchmarks/b1' });
    expect(activityLine(T, { action: 'benchmark.entry_submitted', targetType: 'study', targetId: 's1', details: { name: 'Ours', benchmark: 'Iris', benchmarkId: 'b1' } })).toEqual({
      text: 'Study “Ours” submitted to the benchmark “Iris”',
      href: '/benchmarks/b1',
    });
    expect(activityLine(T, { action: 'benchmark.entry_unverified', targetType: 'benchmark', targetId: 'b1', details: { name: 'Ours', team: 'Lab B' } }).text).toBe('Benchmark entry “Ours” of Lab B marked unverified');
  });
});
