import { describe, expect, it } from 'vitest';
import { aggregateResults, type ResultRunInput, type StoredMetrics } from './aggregate';
import { chartFileName, exportFileName, parseCsv, seedRowsToCsv, tableToCsv, tableToJson, CSV_FIXED_COLUMNS, SEED_CSV_FIXED_COLUMNS } from './export';
import { formatGap, formatValue } from './format';

function r(kind: ResultRunInput['kind'], seed: number, scalars: Record<string, number>, methodId: string | null = null): ResultRunInput {
  return { id: `${kind}-${methodId}-${seed}`, studyId: 's', kind, variant: 'standard', methodId, methodConfig: methodId ? { note: 'a "quoted", comma' } : null, seed, requestIndex: 0, status: 'succeeded', metrics: { scalars } as unknown as StoredMetrics };
}

const runs = [
  r('retrain', 0, { 'accuracy.test': 0.9123456789, 'accuracy.forget': 0, 'timing.seconds': 12.5 }),
  r('retrain', 1, { 'accuracy.test': 0.93, 'accuracy.forget': 0.01, 'timing.seconds': 13 }),
  r('unlearned', 0, { 'accuracy.test': 1 / 3, 'accuracy.forget': 0.2, 'timing.seconds': 1.25 }, 'finetune'),
  r('unlearned', 1, { 'accuracy.test': 2 / 3, 'accuracy.forget': 0.1, 'timing.seconds': 1.5 }, 'finetune'),
];
const table = aggregateResults({ studies: [{ id: 's', name: 'S', category: 'usability', methods: [], summary: null }], runs });

describe('exports', () => {
  it('CSV parses back to exactly the numbers of the table, quoting what needs it', () => {
    const rows = parseCsv(tableToCsv(table, 'S'));
    const header = rows[0];
    expect(header.slice(0, CSV_FIXED_COLUMNS.length)).toEqual([...CSV_FIXED_COLUMNS]);
    expect(rows).toHaveLength(1 + table.rows.length);
    for (const [i, row] of table.rows.entries()) {
      const line = rows[i + 1];
      expect(line[0]).toBe(row.label);
      if (row.methodConfig) expect(JSON.parse(line[4])).toEqual(row.methodConfig);
      for (const key of table.metrics) {
        const col = header.indexOf(key);
        expect(col, key).toBeGreaterThan(-1);
        const parsed = line[col] === '' ? null : Number(line[col]);
        expect(parsed).toBe(row.values[key]?.mean ?? null);
        expect(line[header.indexOf(`${key} ci95_low`)]).toBe(row.values[key]?.ciLow === null || row.values[key] === undefined ? '' : String(row.values[key].ciLow));
        // What the table shows is the formatting of the exported number.
        if (parsed !== null) expect(formatValue(key, parsed)).toBe(formatValue(key, row.values[key].mean));
        const gapCol = header.indexOf(`${key} gap`);
        if (gapCol !== -1 && line[gapCol] !== '') {
          const gap = Number(line[gapCol]);
          expect(formatGap(key, gap)).toBe(formatGap(key, row.baseline ? 0 : row.gaps[key].mean));
        }
      }
    }
  });

  it('JSON carries the same numbers and survives stringify/parse unchanged', () => {
    const json = tableToJson(table, 'S', ['accuracy.test', 'accuracy.forget']);
    const back = JSON.parse(JSON.stringify(json)) as typeof json;
    expect(back).toEqual(json);
    expect(back.columns.map((c) => c.key)).toEqual(['accuracy.test', 'accuracy.forget']);
    for (const [i, row] of table.rows.entries()) {
      expect(back.rows[i].values['accuracy.test']?.mean).toBe(row.values['accuracy.test'].mean);
      expect(back.rows[i].values['accuracy.test']?.ciHigh).toBe(row.values['accuracy.test'].ciHigh);
    }
    expect(back.rows[0].gaps['accuracy.test']).toEqual({ mean: 0, ciLow: 0, ciHigh: 0, n: 2, interval: null });
  });

  it('parses quoted fields with commas, quotes and newlines', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\r\ng"\r\n1,2,3,4\r\n')).toEqual([
      ['a', 'b,c', 'd "e"', 'f\r\ng'],
      ['1', '2', '3', '4'],
    ]);
  });
});

describe('distributions', async () => {
  const { distributions } = await import('./distributions');
  it('gives shares per split on shared bins, summing to one', () => {
    const d = distributions({ forget: { loss: [0.1, 0.2], confidence: [0.9, 1] }, retain: { loss: [0.05, 5, 0.3, 0.4], confidence: [0, 0.5, 0.5, 0.99] }, test: { loss: [], confidence: [] } }, 4);
    expect(d.confidence.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(d.confidence.shares.forget).toEqual([0, 0, 0, 1]);
    expect(d.confidence.shares.retain).toEqual([0.25, 0, 0.5, 0.25]);
    expect(d.confidence.shares.test).toEqual([0, 0, 0, 0]);
    for (const s of ['forget', 'retain'] as const) expect(d.loss.shares[s].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('per-seed exports', () => {
  const perSeed = aggregateResults({ studies: [{ id: 's', name: 'S', category: 'usability', methods: [], summary: null }], runs: [...runs, { ...r('unlearned', 2, {}, 'finetune'), status: 'failed', metrics: null }], perSeed: true });

  it('lists every run with its own values and its gap to the baseline run of the same seed', () => {
    const rows = parseCsv(seedRowsToCsv(perSeed));
    const [header, ...lines] = rows;
    expect(header.slice(0, SEED_CSV_FIXED_COLUMNS.length)).toEqual([...SEED_CSV_FIXED_COLUMNS]);
    expect(lines).toHaveLength(5);
    const at = (line: string[], col: string) => line[header.indexOf(col)];
    const ft1 = lines.find((l) => at(l, 'method') === 'finetune' && at(l, 'seed') === '1')!;
    expect(Number(at(ft1, 'accuracy.test'))).toBe(2 / 3);
    expect(Number(at(ft1, 'accuracy.test gap'))).toBe(Math.abs(2 / 3 - 0.93));
    expect(header).not.toContain('timing.seconds gap');
    const failed = lines.find((l) => at(l, 'status') === 'failed')!;
    expect(at(failed, 'seed')).toBe('2');
    expect(at(failed, 'accuracy.test')).toBe('');
    // The retrain's gap to itself is zero on every seed.
    for (const l of lines.filter((x) => at(x, 'kind') === 'retrain')) expect(at(l, 'accuracy.test gap')).toBe('0');
  });

  it('the means of the per-seed values are the table’s means', () => {
    const json = tableToJson(perSeed, 'S');
    const ft = perSeed.rows.find((x) => x.methodId === 'finetune')!;
    const seeds = json.seedRows!.filter((s) => s.row === ft.key && s.status === 'succeeded');
    expect(seeds.map((s) => s.seed)).toEqual([0, 1]);
    expect((seeds[0].values['accuracy.forget'] + seeds[1].values['accuracy.forget']) / 2).toBeCloseTo(ft.values['accuracy.forget'].mean!, 15);
    expect((seeds[0].gaps['accuracy.forget'] + seeds[1].gaps['accuracy.forget']) / 2).toBeCloseTo(ft.gaps['accuracy.forget'].mean!, 15);
    expect(tableToJson(table, 'S').seedRows).toBeUndefined();
  });
});

describe('file names', () => {
  it('name exports after the study and chart downloads after the study and the chart', () => {
    expect(exportFileName('MNIST: forget 7s', 'csv')).toBe('mnist-forget-7s.csv');
    expect(chartFileName('MNIST: forget 7s', 'speedup', 'png')).toBe('mnist-forget-7s-speedup.png');
    expect(chartFileName('Comparison on Iris', 'distribution-loss', 'svg')).toBe('comparison-on-iris-distribution-loss.svg');
    expect(chartFileName('', 'roc', 'svg')).toBe('roc.svg');
    expect(chartFileName('Über', 'groups-Sex', 'png')).toBe('ber-groups-sex.png');
  });
});
