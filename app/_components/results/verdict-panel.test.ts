/** The verdict panel renders what the verdict says: the rule, the sentences, and "no power here" with its reason. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { studyVerdict, type VerdictRun } from '@/lib/results/verdict';
import { Disqualified, NullAndNoiseFloor, VerdictRule, VerdictSentences, VerdictWarnings } from './verdict-panel';

const scalars = (forget: number, test: number, auc: number, seed: number) => ({
  'accuracy.forget': forget + seed * 0.002,
  'accuracy.retain': 0.97 - seed * 0.001,
  'accuracy.test': test + seed * 0.001,
  'mia.entropy.forgetMemberRate': 0.5,
  'mia.loss.auc': auc,
});
const run = (kind: VerdictRun['kind'], seed: number, s: Record<string, number>, methodId: string | null = null): VerdictRun => ({ studyId: 's', kind, variant: 'standard', methodId, methodConfig: methodId ? {} : null, seed, requestIndex: 0, status: 'succeeded', scalars: s });

describe('verdict panel', () => {
  const runs = [0, 1, 2].flatMap((s) => [run('original', s, scalars(0.98, 0.93, 0.5, s)), run('retrain', s, scalars(0, 0.84, 0.5, s)), run('unlearned', s, scalars(0.97, 0.93, 0.5, s), 'finetune')]);
  const verdict = studyVerdict({ id: 's', category: 'privacy', numClasses: 10 }, runs, (m) => (m.methodId === 'finetune' ? 'Fine-tune' : m.methodId));

  it('shows the rule, the sentences, each metric\'s null and noise floor, and who is kept from a badge', () => {
    const html = renderToStaticMarkup(
      createElement('div', null, createElement(VerdictWarnings, { warnings: verdict.warnings }), createElement(VerdictSentences, { verdict }), createElement(VerdictRule), createElement(NullAndNoiseFloor, { verdict }), createElement(Disqualified, { verdict, label: () => 'Fine-tune' })),
    );
    expect(html).toContain('retrained model of the same seed');
    expect(html).toMatch(/No method qualifies for the smallest forget-accuracy gap|No method qualifies for the smallest average gap/);
    // The attack cannot tell the original's members apart (AUC 0.5 on the original): said on the page.
    expect(html).toMatch(/data-testid="null-noise-floor-mia.loss.auc" data-power="no"/);
    expect(html).toContain('no power here: the attack cannot tell the original&#x27;s members apart either');
    expect(html).toMatch(/Fine-tune gets no badge: its forget accuracy is 9\d\.\d pp from retrain/);
    expect(html).toContain('3 pairs');
  });
});
