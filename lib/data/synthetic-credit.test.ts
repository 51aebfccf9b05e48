import { describe, expect, it } from 'vitest';
import { ingestCsv } from './index';
import { syntheticCreditCsv } from './synthetic-credit';

describe('syntheticCreditCsv', () => {
  it('is deterministic and ingests with a subject column and sensitive attributes', async () => {
    const text = syntheticCreditCsv();
    expect(syntheticCreditCsv()).toBe(text);
    const result = await ingestCsv([new TextEncoder().encode(text)], {
      schema: [
        { name: 'customer_id', role: 'subject' },
        { name: 'sex', role: 'sensitive' },
        { name: 'age_group', role: 'sensitive' },
      ],
    });
    expect(result.dataset.subjects?.values.length).toBe(300);
    expect(result.dataset.groups.map((g) => g.name)).toEqual(['sex', 'age_group']);
    expect(result.dataset.classNames).toEqual(['approved', 'denied']);
  });

  it('carries the deliberate bias: men are approved more often', async () => {
    const rows = syntheticCreditCsv().trim().split('\n').slice(1).map((l) => l.split(','));
    const rate = (sex: string) => {
      const group = rows.filter((r) => r[2] === sex);
      return group.filter((r) => r[10] === 'approved').length / group.length;
    };
    expect(rate('male') - rate('female')).toBeGreaterThan(0.15);
  });
});
