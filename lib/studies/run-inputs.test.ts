import { describe, expect, it } from 'vitest';
import { resolveScenario } from '@/lib/scenarios';
import { buildImageDataset as imageDataset, buildTabularDataset as tabularDataset } from '@/lib/scenarios/test-fixtures';
import { runRowSets, threadDataset } from './run-inputs';

describe('run inputs', () => {
  it('splits each request into forget and retain within the training split', () => {
    const ds = tabularDataset();
    const resolved = resolveScenario(ds, { category: 'privacy', seed: 1, selector: { kind: 'randomFraction', fraction: 0.2 }, requests: { kind: 'slices', count: 2 } });
    const sets = runRowSets(resolved);
    expect(sets.requests).toHaveLength(2);
    for (const r of sets.requests) expect(r.forget.length + r.retain.length).toBe(ds.split.train.length);
    expect(sets.requests[1].forget.length).toBeGreaterThan(sets.requests[0].forget.length);
    expect(threadDataset(resolved)).toBe(resolved.dataset);
  });

  it('appends triggered test copies as extra rows for backdoor success', () => {
    const ds = imageDataset();
    const resolved = resolveScenario(ds, {
      category: 'security',
      seed: 3,
      injection: { kind: 'backdoor', targetClass: ds.classNames[0], trigger: { kind: 'patch', size: 2, row: 0, col: 0, value: 255 }, poison: { by: 'fraction', fraction: 0.2 } },
    });
    const threadDs = threadDataset(resolved);
    const sets = runRowSets(resolved);
    const triggered = resolved.triggeredTest;
    expect(triggered).toBeDefined();
    expect(threadDs.rowCount).toBe(ds.rowCount + (triggered?.rows.length ?? 0));
    expect(sets.backdoor?.rows[0]).toBe(ds.rowCount);
    const shape = ds.imageShape;
    if (!shape || !threadDs.pixels) throw new Error('image expected');
    const size = shape.height * shape.width * shape.channels;
    expect(threadDs.pixels[ds.rowCount * size]).toBe(255);
  });
});
