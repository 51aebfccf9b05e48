import { describe, expect, it } from 'vitest';
import { hashOf, planStudy, readyToQueue, type PlanInput } from './plan';

const base: PlanInput = {
  seeds: [0, 1],
  methods: [
    { methodId: 'finetune', config: { epochs: 1 }, originalVariant: 'standard' },
    { methodId: 'scrub', config: {}, originalVariant: 'standard' },
    { methodId: 'sisa', config: { shards: 4 }, originalVariant: 'sisa' },
  ],
  trainingDataHash: 'data',
  forgetSetHashes: ['f0'],
  modelSpec: { kind: 'mlp', hidden: [32] },
  recipe: { epochs: 3 },
  backend: 'wasm',
};

describe('planStudy', () => {
  it('plans originals (per variant), retrains and unlearned runs per seed', () => {
    const runs = planStudy(base);
    const count = (kind: string) => runs.filter((r) => r.kind === kind).length;
    expect(count('original')).toBe(4); // standard + sisa, 2 seeds
    expect(count('retrain')).toBe(2);
    expect(count('unlearned')).toBe(6);
    const sisa = runs.find((r) => r.methodId === 'sisa' && r.kind === 'unlearned' && r.seed === 1);
    expect(sisa?.dependsOn[0]).toMatch(/^original:sisa:/);
  });

  it('chains sequential requests and gives each request its own retrained reference', () => {
    const runs = planStudy({ ...base, seeds: [0], methods: [base.methods[0]], forgetSetHashes: ['a', 'b', 'c'] });
    expect(runs.filter((r) => r.kind === 'retrain').map((r) => r.requestIndex)).toEqual([0, 1, 2]);
    const third = runs.find((r) => r.key === 'unlearned:finetune#0:s0:r2');
    expect(third?.dependsOn).toContain('unlearned:finetune#0:s0:r1');
    expect(third?.dependsOn).toContain('retrain:s0:r2');
  });

  it('gives certified removal a certified retrain of its own (same objective, retain set) and uses it as the reference', () => {
    const runs = planStudy({ ...base, methods: [...base.methods, { methodId: 'certified-removal', config: { lambda: 0.01 }, originalVariant: 'certified' }] });
    const retrains = runs.filter((r) => r.kind === 'retrain');
    expect(retrains.map((r) => r.variant).sort()).toEqual(['certified', 'certified', 'standard', 'standard']);
    const certified = runs.find((r) => r.kind === 'unlearned' && r.methodId === 'certified-removal' && r.seed === 0)!;
    const own = retrains.find((r) => r.variant === 'certified' && r.seed === 0)!;
    expect(certified.dependsOn[1]).toBe(own.key);
    expect(own.inputHash).not.toBe(retrains.find((r) => r.variant === 'standard' && r.seed === 0)!.inputHash);
    // Other methods keep the plain retrain.
    expect(runs.find((r) => r.key === 'unlearned:finetune#0:s0:r0')!.dependsOn[1]).toBe('retrain:s0:r0');
  });

  it('skips a "retrain" method entry: retraining is always the reference', () => {
    const runs = planStudy({ ...base, methods: [{ methodId: 'retrain', config: {}, originalVariant: 'standard' }] });
    expect(runs.filter((r) => r.kind === 'unlearned')).toEqual([]);
  });

  it('gives equal inputs equal hashes (reuse) and any changed input a new one', () => {
    const a = planStudy(base);
    const b = planStudy({ ...base, methods: [] });
    expect(a.find((r) => r.key === 'original:standard:s0')?.inputHash).toBe(b.find((r) => r.key === 'original:standard:s0')?.inputHash);
    expect(a.find((r) => r.key === 'retrain:s0:r0')?.inputHash).toBe(b.find((r) => r.key === 'retrain:s0:r0')?.inputHash);
    const other = planStudy({ ...base, backend: 'cpu' });
    expect(other.find((r) => r.key === 'original:standard:s0')?.inputHash).not.toBe(a.find((r) => r.key === 'original:standard:s0')?.inputHash);
    expect(a.find((r) => r.key === 'retrain:s0:r0')?.inputHash).not.toBe(a.find((r) => r.key === 'retrain:s1:r0')?.inputHash);
    expect(hashOf({ b: 1, a: 2 })).toBe(hashOf({ a: 2, b: 1 }));
  });

  it('ties an Amnesiac original to its deletion requests (it records their rows), a standard original not', () => {
    const amnesiac = { methodId: 'amnesiac', config: {}, originalVariant: 'amnesiac' };
    const a = planStudy({ ...base, methods: [amnesiac] });
    const b = planStudy({ ...base, methods: [amnesiac], forgetSetHashes: ['other'] });
    const hash = (runs: typeof a, prefix: string) => runs.find((r) => r.key.startsWith(prefix))?.inputHash;
    expect(hash(a, 'original:amnesiac:')).not.toBe(hash(b, 'original:amnesiac:'));
    expect(hash(a, 'original:standard:')).toBe(hash(b, 'original:standard:'));
  });

  it('queues runs only when their dependencies succeeded', () => {
    const runs = planStudy({ ...base, seeds: [0] }).map((r) => ({ ...r, status: 'waiting' }));
    expect(readyToQueue(runs).every((r) => r.kind !== 'unlearned')).toBe(true);
    for (const r of runs) if (r.kind !== 'unlearned') r.status = 'succeeded';
    expect(readyToQueue(runs).map((r) => r.methodId).sort()).toEqual(['finetune', 'scrub', 'sisa']);
  });
});
