/**
 * A clearly synthetic tabular dataset for demos: credit decisions of made-up customers, with a
 * data-subject column, two sensitive attributes and a deliberate bias, so every scenario category
 * (privacy, usability, fidelity, security) has something to work on. Deterministic for a seed.
 */
import { createRandom } from '@/lib/random';

export const SYNTHETIC_CREDIT_COLUMNS = [
  'customer_id',
  'month',
  'sex',
  'age_group',
  'region',
  'income_k',
  'debt_ratio',
  'history_years',
  'open_accounts',
  'late_payments',
  'decision',
] as const;

const REGIONS = ['north', 'south', 'east', 'west'];
const AGE_GROUPS = ['18-29', '30-44', '45-64', '65+'];

/** CSV text: `customers` people with 1-12 monthly applications each. */
export function syntheticCreditCsv(options: { customers?: number; seed?: number } = {}): string {
  const customers = options.customers ?? 300;
  const random = createRandom(options.seed ?? 7);
  const lines = [SYNTHETIC_CREDIT_COLUMNS.join(',')];
  for (let c = 0; c < customers; c++) {
    const id = `C${String(c + 1).padStart(4, '0')}`;
    const sex = random.next() < 0.5 ? 'female' : 'male';
    const ageIndex = random.int(AGE_GROUPS.length);
    const region = REGIONS[random.int(REGIONS.length)];
    const baseIncome = 25 + 60 * random.next() + 8 * ageIndex;
    const history = Math.max(0, Math.round(2 + 6 * ageIndex + 3 * random.normal()));
    const months = 1 + random.int(12);
    for (let m = 1; m <= months; m++) {
      const income = Math.max(8, baseIncome + 5 * random.normal());
      const debt = Math.min(0.95, Math.max(0.02, 0.35 + 0.15 * random.normal()));
      const accounts = 1 + random.int(8);
      const late = Math.max(0, Math.round(1.2 * random.next() * (1 + debt * 3) - (history > 10 ? 1 : 0)));
      // The score depends on ability to pay, and (the deliberate bias) on sex.
      const score = 0.04 * income - 4 * debt + 0.08 * history - 0.7 * late + (sex === 'male' ? 0.6 : -0.6) + 0.8 * random.normal();
      const decision = score > 0.9 ? 'approved' : 'denied';
      lines.push([id, m, sex, AGE_GROUPS[ageIndex], region, income.toFixed(1), debt.toFixed(3), history, accounts, late, decision].join(','));
    }
  }
  return lines.join('\n') + '\n';
}
