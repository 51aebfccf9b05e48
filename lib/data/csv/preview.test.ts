import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../test-helpers/byte-source';
import { previewCsv } from './preview';
import { inferSchema, resolveSchema } from './schema-inference';
import { samplePath } from '@/test/sample-data';

describe('previewCsv', () => {
  it('shows the first rows of a file prefix with an inferred schema', () => {
    const bytes = new Uint8Array(readFileSync(samplePath('iris.csv'))).subarray(0, 300);
    const preview = previewCsv(bytes, 3);
    expect(preview.header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(preview.rows).toHaveLength(3);
    expect(preview.rows[0]).toEqual(['5.1', '3.5', '1.4', '0.2', 'setosa']);
    expect(preview.lines).toEqual([2, 3, 4]);
    expect(preview.truncated).toBe(true);
    expect(preview.schema.map((c) => `${c.name}:${c.type}:${c.role}:${c.missing}`)).toEqual([
      'sepal_length:numeric:feature:median',
      'sepal_width:numeric:feature:median',
      'petal_length:numeric:feature:median',
      'petal_width:numeric:feature:median',
      'species:categorical:label:error',
    ]);
  });

  it('ignores a row cut off by the end of a prefix, even inside quotes', () => {
    expect(previewCsv(utf8('a\tb\n1\t2\n3\t"cut'), 10).rows).toEqual([['1', '2']]);
    expect(previewCsv(utf8('a,b\n1,2\n3,4'), 10, { complete: true })).toMatchObject({ rows: [['1', '2'], ['3', '4']], truncated: false, delimiter: ',' });
  });

  it('reports header errors', () => {
    expect(() => previewCsv(utf8('a,a\n1,2\n'), 5)).toThrow(/appears twice/);
    expect(() => previewCsv(new Uint8Array(0), 5)).toThrow(/empty/);
  });
});

describe('schema inference', () => {
  it('treats NA, NaN, ? and empty as missing, not as text', () => {
    const schema = inferSchema(['a', 'b', 'c', 'y'], [
      ['1', 'NA', 'x', 'p'],
      ['?', '2.5', '3', 'q'],
      ['', 'NaN', '4', 'p'],
    ]);
    expect(schema.map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical', 'categorical']);
  });

  it('merges user overrides and recomputes default missing policies', () => {
    const inferred = inferSchema(['a', 'b', 'y'], [['1', 'x', 'p']]);
    const resolved = resolveSchema(inferred, [{ name: 'a', role: 'label' }, { name: 'b', role: 'sensitive' }]);
    expect(resolved).toEqual([
      { name: 'a', type: 'categorical', role: 'label', missing: 'error' },
      { name: 'b', type: 'categorical', role: 'sensitive', missing: 'error' },
      { name: 'y', type: 'categorical', role: 'feature', missing: 'mode' },
    ]);
    expect(() => resolveSchema(inferred, [{ name: 'y', role: 'ignore' }])).toThrow(/No label column/);
    expect(() => resolveSchema(inferred, [{ name: 'a', role: 'subject' }, { name: 'b', role: 'subject' }])).toThrow(/At most one/);
  });
});
