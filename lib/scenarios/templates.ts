/**
 * One template per scenario category for the "New scenario" builder: what situation it models,
 * which metrics matter for judging it, and a sensible starting spec for a given dataset.
 * Needs only a dataset's shape (names, not data), so the UI can call it with a summary.
 */
import type { DatasetKind, ImageShape } from '@/lib/data/types';
import type { ScenarioCategory, ScenarioSpec } from './spec';

/** What a template needs to know about a dataset; a full DatasetArrays satisfies it. */
export interface TemplateDatasetInfo {
  kind: DatasetKind;
  classNames: string[];
  imageShape?: ImageShape;
  subjects?: { name: string; values: string[] };
  groups: { name: string; values: string[] }[];
}

export interface TemplateMetric {
  /** Stable id the metrics layer and dashboards can key on. */
  id: string;
  label: string;
}

export interface ScenarioTemplate {
  category: ScenarioCategory;
  title: string;
  explanation: string;
  metrics: TemplateMetric[];
  defaultSpec(dataset: TemplateDatasetInfo, seed?: number): ScenarioSpec;
}

const DEFAULT_SEED = 0;

const security: ScenarioTemplate = {
  category: 'security',
  title: 'Security: remove poisoned training data',
  explanation:
    'An attacker slipped poisoned rows into the training data (flipped labels or a backdoor trigger). ' +
    'Unlearning must remove their effect, often when only part of the poison has been identified.',
  metrics: [
    { id: 'backdoor_attack_success', label: 'Backdoor attack success rate (triggered test set)' },
    { id: 'test_accuracy', label: 'Clean test accuracy' },
    { id: 'forget_accuracy', label: 'Accuracy on the identified poison (forget set)' },
  ],
  defaultSpec(ds, seed = DEFAULT_SEED) {
    if (ds.kind === 'image' && ds.imageShape && ds.classNames.length >= 2) {
      const { height, width } = ds.imageShape;
      // A 3x3 white patch one pixel in from the bottom-right corner: the BadNets-style trigger.
      const size = Math.max(1, Math.min(3, height - 1, width - 1));
      return {
        category: 'security',
        seed,
        injection: {
          kind: 'backdoor',
          targetClass: ds.classNames[0],
          trigger: { kind: 'patch', size, row: Math.max(0, height - size - 1), col: Math.max(0, width - size - 1), value: 255 },
          poison: { by: 'fraction', fraction: 0.05 },
        },
        identifiedFraction: 1,
        requests: { kind: 'none' },
      };
    }
    return {
      category: 'security',
      seed,
      injection: { kind: 'labelFlip', fromClass: ds.classNames[0], toClass: ds.classNames[1] ?? ds.classNames[0], fraction: 0.1 },
      identifiedFraction: 1,
      requests: { kind: 'none' },
    };
  },
};

const privacy: ScenarioTemplate = {
  category: 'privacy',
  title: 'Privacy: right to be forgotten',
  explanation:
    'Data subjects asked for their records to be erased (GDPR art. 17, CCPA). The model must behave as if ' +
    'it had never seen them: an attacker should not be able to tell they were ever in the training data.',
  metrics: [
    { id: 'mia_auc', label: 'Membership-inference attack AUC (forget vs test)' },
    { id: 'mia_advantage', label: 'Membership-inference advantage' },
    { id: 'distinguishability', label: 'Distinguishability from retraining (forget quality)' },
    { id: 'test_accuracy', label: 'Test accuracy' },
  ],
  defaultSpec(ds, seed = DEFAULT_SEED) {
    const subjectCount = ds.subjects?.values.length ?? 0;
    if (subjectCount >= 2) {
      // Five subjects, but never so many that nobody is left to retain on a small dataset.
      const count = Math.max(1, Math.min(5, Math.floor(subjectCount / 2)));
      return { category: 'privacy', seed, selector: { kind: 'randomSubjects', count }, requests: { kind: 'none' } };
    }
    return { category: 'privacy', seed, selector: { kind: 'randomFraction', fraction: 0.1 }, requests: { kind: 'none' } };
  },
};

const usability: ScenarioTemplate = {
  category: 'usability',
  title: 'Usability: forget unwanted history',
  explanation:
    'Some training data is unwanted (someone else\'s activity on an account, an obsolete category of items) ' +
    'and skews the model. Unlearning should remove it without hurting everything else.',
  metrics: [
    { id: 'forget_accuracy', label: 'Forget accuracy (compare with retraining)' },
    { id: 'retain_accuracy', label: 'Retain accuracy' },
    { id: 'test_accuracy', label: 'Test accuracy' },
  ],
  defaultSpec(ds, seed = DEFAULT_SEED) {
    return {
      category: 'usability',
      seed,
      selector: { kind: 'class', classes: [ds.classNames[0]] },
      requests: { kind: 'none' },
    };
  },
};

const fidelity: ScenarioTemplate = {
  category: 'fidelity',
  title: 'Fidelity: forget a biased or mislabelled subgroup',
  explanation:
    'A subgroup of the training data is biased or mislabelled and degrades fairness. Unlearning it should ' +
    'close the accuracy gaps between sensitive groups without losing overall accuracy.',
  metrics: [
    { id: 'group_accuracy_gap', label: 'Largest per-group accuracy gap' },
    { id: 'demographic_parity_gap', label: 'Demographic-parity gap' },
    { id: 'equalized_odds_gap', label: 'Equalised-odds gap' },
    { id: 'test_accuracy', label: 'Test accuracy' },
  ],
  defaultSpec(ds, seed = DEFAULT_SEED) {
    const group = ds.groups.find((g) => g.values.length > 0);
    if (group) {
      return {
        category: 'fidelity',
        seed,
        selector: { kind: 'predicate', predicate: { op: '=', column: group.name, value: group.values[0] } },
        requests: { kind: 'none' },
      };
    }
    // Without sensitive attributes, a random fifth of one class stands in for a mislabelled subgroup.
    return {
      category: 'fidelity',
      seed,
      selector: { kind: 'randomFraction', fraction: 0.2, of: { kind: 'class', classes: [ds.classNames[0]] } },
      requests: { kind: 'none' },
    };
  },
};

export const scenarioTemplates: Record<ScenarioCategory, ScenarioTemplate> = { security, privacy, usability, fidelity };

export function scenarioTemplate(category: ScenarioCategory): ScenarioTemplate {
  return scenarioTemplates[category];
}
