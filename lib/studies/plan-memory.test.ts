/** The plan shows the largest run's memory and refuses a study whose estimate is over LETHE_RUN_MEMORY_MB. */
import { afterEach, describe, expect, it } from 'vitest';
import { listStudies } from '@/db/queries/studies';
import { AppError } from '@/lib/errors';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { createStudy, planStudyFor } from './service';

const cap = process.env.LETHE_RUN_MEMORY_MB;
afterEach(() => {
  if (cap === undefined) delete process.env.LETHE_RUN_MEMORY_MB;
  else process.env.LETHE_RUN_MEMORY_MB = cap;
});

describe('plan memory', () => {
  it('shows the peak per run, and refuses (422 with the figure) a study over the limit, storing nothing', async () => {
    const { team, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, team);
    const body = { name: 'Big SISA', scenarioId: scenario.id, modelSpec: { kind: 'mlp', hidden: [4096, 4096] }, seeds: 1, methods: [{ methodId: 'sisa' }, { methodId: 'finetune' }] };

    process.env.LETHE_RUN_MEMORY_MB = '100000';
    const plan = await planStudyFor(owner, team.id, body);
    // 4096x4096 weights (64 MiB) x (5x4 checkpoints + 5 shard models) dominate: the SISA original
    expect(plan.memory.peakRun).toBe('original trained for SISA');
    expect(plan.memory.peakMb).toBeGreaterThan(25 * 64);
    expect(plan.memory.limitMb).toBe(100000);

    process.env.LETHE_RUN_MEMORY_MB = '1024';
    const refused = await createStudy(owner, team.id, body).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(422);
    expect((refused as AppError).message).toMatch(new RegExp(`^memory: the largest run of this study \\(original trained for SISA\\) needs ~${plan.memory.peakMb} MB, the limit per run is 1024 MB: use fewer rows or a smaller model, or raise LETHE_RUN_MEMORY_MB\\.$`));
    expect((refused as AppError).details).toMatchObject({ field: 'memory', neededMb: plan.memory.peakMb, limitMb: 1024 });
    expect(await listStudies({ teamId: team.id })).toEqual([]);

    // a small study fits and shows its figure
    const small = await planStudyFor(owner, team.id, { ...body, modelSpec: { kind: 'mlp', hidden: [16] } });
    expect(small.memory.peakMb).toBeLessThan(100);
    expect(small.memory.limitMb).toBe(1024);
  });
});
