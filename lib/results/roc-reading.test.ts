import { describe, expect, it } from 'vitest';
import { rocReading } from './roc-reading';

describe('rocReading', () => {
  it('names the stored non-member population and the retrained AUC', () => {
    const text = rocReading({ population: "test rows of the forget set's class T-shirt (300 of 1,200 test rows)", retrainAuc: 0.5123 });
    expect(text).toContain("non-members (test rows of the forget set's class T-shirt (300 of 1,200 test rows))");
    expect(text).toContain('scores 0.512');
    expect(text).toMatch(/Far above 0\.5.*remembers/);
    expect(text).toMatch(/Far below 0\.5.*gives them away/);
  });

  it('says all test rows for an older record without a population', () => {
    expect(rocReading({ population: null, retrainAuc: 0.49 })).toContain('non-members (all test rows)');
  });

  it('says when there is no retrained reference rather than inventing one', () => {
    const text = rocReading({ population: 'all test rows (100 of 100 test rows)', retrainAuc: null });
    expect(text).toContain('No retrained curve is shown');
    expect(text).not.toContain('scores');
  });
});
