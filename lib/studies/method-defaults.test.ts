/** A study fills a method's omitted settings from its defaults for the scenario's kind. */
import { describe, expect, it } from 'vitest';
import { createScenario } from '@/lib/datasets/scenarios';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { createStudy } from './service';

describe('method defaults per scenario kind in a study', () => {
  it('class scenario: SCRUB gets its class defaults, given settings win, a random-rows scenario gets the mild ones', async () => {
    const { team, owner } = await makeTeam();
    const { dataset, scenario: byClass } = await irisForgetSetosa(owner, team);
    const byRows = await createScenario(owner, dataset.id, { name: 'Forget 10%', category: 'privacy', seed: 1, selector: { kind: 'randomFraction', fraction: 0.1 } });
    const configs = async (scenarioId: string) => {
      const { runs } = await createStudy(owner, team.id, { name: 'Defaults', scenarioId, seeds: 1, methods: [{ methodId: 'scrub' }, { methodId: 'scrub', config: { learningRate: 2e-4 } }] });
      return runs.filter((r) => r.kind === 'unlearned').map((r) => r.methodConfig as Record<string, unknown>);
    };

    const [classDefault, classGiven] = await configs(byClass.id);
    expect(classDefault).toMatchObject({ minForgetSteps: 50, learningRate: 1e-3, epochs: 4 });
    expect(classGiven).toMatchObject({ minForgetSteps: 50, learningRate: 2e-4 });

    const [rowsDefault] = await configs(byRows.id);
    expect(rowsDefault).toMatchObject({ epochs: 3, maxEpochs: 1, minForgetSteps: 5, learningRate: 5e-4 });
  });
});
