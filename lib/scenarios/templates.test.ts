import { describe, expect, it } from 'vitest';
import { resolveScenario } from './resolve';
import { SCENARIO_CATEGORIES, scenarioSpecSchema } from './spec';
import { scenarioTemplates } from './templates';
import { buildImageDataset, buildTabularDataset } from './test-fixtures';
import type { DatasetArrays } from '@/lib/data/types';

const tabular = buildTabularDataset();
const images = buildImageDataset();
const bare: DatasetArrays = { ...tabular, subjects: undefined, groups: [] };

describe('scenarioTemplates', () => {
  it('has a title, an explanation and the metrics that matter for every category', () => {
    for (const category of SCENARIO_CATEGORIES) {
      const t = scenarioTemplates[category];
      expect(t.category).toBe(category);
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.explanation.length).toBeGreaterThan(20);
      expect(t.metrics.length).toBeGreaterThan(0);
    }
    expect(scenarioTemplates.security.metrics.map((m) => m.id)).toEqual(expect.arrayContaining(['backdoor_attack_success', 'test_accuracy']));
    expect(scenarioTemplates.privacy.metrics.map((m) => m.id)).toEqual(expect.arrayContaining(['mia_auc', 'distinguishability']));
    expect(scenarioTemplates.usability.metrics.map((m) => m.id)).toEqual(expect.arrayContaining(['forget_accuracy', 'retain_accuracy', 'test_accuracy']));
    expect(scenarioTemplates.fidelity.metrics.map((m) => m.id)).toEqual(expect.arrayContaining(['group_accuracy_gap', 'demographic_parity_gap']));
  });

  it.each([
    ['tabular with subjects and groups', tabular],
    ['images', images],
    ['tabular without subjects or groups', bare],
  ])('gives default specs that validate and resolve on %s', (_, ds) => {
    for (const category of SCENARIO_CATEGORIES) {
      const spec = scenarioTemplates[category].defaultSpec(ds, 5);
      expect(scenarioSpecSchema.safeParse(spec).success).toBe(true);
      const res = resolveScenario(ds, spec);
      expect(res.forgetRows.length).toBeGreaterThan(0);
    }
  });

  it('picks the defaults the builder promises', () => {
    expect(scenarioTemplates.privacy.defaultSpec(tabular)).toMatchObject({ selector: { kind: 'randomSubjects', count: 5 } });
    expect(scenarioTemplates.privacy.defaultSpec(bare)).toMatchObject({ selector: { kind: 'randomFraction', fraction: 0.1 } });
    expect(scenarioTemplates.usability.defaultSpec(tabular)).toMatchObject({ selector: { kind: 'class', classes: ['low'] } });
    expect(scenarioTemplates.fidelity.defaultSpec(tabular)).toMatchObject({
      selector: { kind: 'predicate', predicate: { op: '=', column: 'sex', value: 'F' } },
    });
    expect(scenarioTemplates.security.defaultSpec(tabular)).toMatchObject({
      injection: { kind: 'labelFlip', fromClass: 'low', toClass: 'mid', fraction: 0.1 },
    });
    expect(scenarioTemplates.security.defaultSpec(images)).toMatchObject({
      injection: { kind: 'backdoor', targetClass: 'zero', trigger: { kind: 'patch', size: 3, row: 2, col: 2, value: 255 } },
    });
  });
});
