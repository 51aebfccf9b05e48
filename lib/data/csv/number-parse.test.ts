import { describe, expect, it } from 'vitest';
import { createRandom } from '../../random';
import { utf8 } from '../test-helpers/byte-source';
import { parseNumberBytes } from './number-parse';

const parse = (text: string): number => {
  const b = utf8(text);
  return parseNumberBytes(b, 0, b.length);
};

describe('parseNumberBytes', () => {
  it.each(['0', '-0', '42', '+7', '3.14', '.5', '5.', '-0.001', '1e3', '1E-3', '2.5e+10', '0.1', '123456789012345678901234', '1e-400', '9007199254740993', '0.30000000000000004'])(
    'matches Number() for %s',
    (text) => expect(Object.is(parse(text), Number(text))).toBe(true),
  );

  it.each(['', '-', '.', 'e5', '1e', '1.2.3', 'abc', '0x10', 'Infinity', '1e400', '1,5', '12a'])('rejects %j', (text) => {
    expect(parse(text)).toBeNaN();
  });

  it('matches Number() on random decimals', () => {
    const r = createRandom(1);
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + r.int(17);
      let s = r.next() < 0.5 ? '-' : '';
      for (let d = 0; d < digits; d++) s += String(r.int(10));
      const dot = r.int(digits + 1);
      s = `${s.slice(0, s.length - dot)}.${s.slice(s.length - dot)}`;
      if (r.next() < 0.3) s += `e${r.int(60) - 30}`;
      expect(parse(s)).toBe(Number(s));
    }
  });
});
