import { describe, expect, it } from 'vitest';
import { describeStudyModel, studyMethodLabels, studySeeds } from './study-facts';

const lethe = { external: false, description: '', modelSpec: { kind: 'mlp', hidden: [64, 32], activation: 'relu' }, seeds: [0, 1, 2], methods: [{ methodId: 'finetune' }] };
const external = { external: true, description: ' ResNet-18 in PyTorch, 30 epochs of SGD ', modelSpec: {}, seeds: [], methods: [] };

describe('describeStudyModel', () => {
  it('describes an external study by its description, never as logistic regression', () => {
    expect(describeStudyModel(external)).toBe('Trained outside Lethe: ResNet-18 in PyTorch, 30 epochs of SGD');
    expect(describeStudyModel({ ...external, description: '  ' })).toBe('Trained outside Lethe (not described)');
  });

  it('describes Lethe’s own model specs', () => {
    expect(describeStudyModel(lethe)).toBe('MLP, hidden 64×32, relu');
    expect(describeStudyModel({ ...lethe, modelSpec: { kind: 'cnn', blocks: [{ filters: 16, kernelSize: 3 }, { filters: 32, kernelSize: 5 }] } })).toBe('CNN, 16@3×3 → 32@5×5');
    expect(describeStudyModel({ ...lethe, modelSpec: { kind: 'logistic' } })).toBe('logistic regression');
  });
});

describe('studySeeds', () => {
  const runs = [{ seed: 4 }, { seed: 1 }, { seed: 4 }];
  it('takes an external study’s seeds from its uploaded runs, sorted and distinct', () => {
    expect(studySeeds(external, runs)).toEqual([1, 4]);
    expect(studySeeds(external, [])).toEqual([]);
  });
  it('keeps a Lethe study’s planned seeds', () => {
    expect(studySeeds(lethe, runs)).toEqual([0, 1, 2]);
  });
});

describe('studyMethodLabels', () => {
  const provenance = { uploadedBy: { id: 'u' } };
  it('names the study’s methods, then each uploaded method once', () => {
    const runs = [
      { seed: 0, methodId: 'finetune', external: null },
      { seed: 0, methodId: 'My method (external)', external: provenance },
      { seed: 1, methodId: 'My method (external)', external: provenance },
      { seed: 0, methodId: null, external: provenance },
    ];
    expect(studyMethodLabels(lethe, runs, { finetune: 'Fine-tune' })).toEqual(['Fine-tune', 'My method (external)']);
    expect(studyMethodLabels(external, [], {})).toEqual([]);
  });

  it('names a sweep once, however many grid points it ran', () => {
    const swept = { methods: [...[0, 1, 2].map((point) => ({ methodId: 'finetune', sweep: { point } })), { methodId: 'scrub' }] };
    expect(studyMethodLabels(swept, [], { finetune: 'Fine-tune', scrub: 'SCRUB' })).toEqual(['Fine-tune (hyperparameter sweep)', 'SCRUB']);
  });
});
