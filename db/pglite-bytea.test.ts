import { describe, expect, it } from 'vitest';
import { getDbHandle } from './client';
import { parseBytea, serializeBytea } from './pglite-bytea';

describe('bytea on PGlite', () => {
  it('converts to and from the hex format byte for byte', () => {
    const bytes = new Uint8Array([0, 1, 15, 16, 127, 128, 254, 255]);
    expect(serializeBytea(bytes)).toBe('\\x00010f107f80feff');
    expect(Array.from(parseBytea('\\x00010f107f80feff'))).toEqual(Array.from(bytes));
    // A view into a larger buffer converts only its own bytes.
    expect(serializeBytea(new Uint8Array([9, 10, 11, 12]).subarray(1, 3))).toBe('\\x0a0b');
    expect(parseBytea('\\x').length).toBe(0);
    expect(() => serializeBytea('text')).toThrow(/Uint8Array/);
    expect(() => parseBytea('abc')).toThrow(/hex format/);
  });

  // On a Postgres run of the suite, PGlite's converters are not in play.
  it.skipIf(!process.env.DATABASE_URL?.startsWith('pglite'))('round-trips a 4 MB chunk through the embedded database', async () => {
    const { pglite } = await getDbHandle();
    if (!pglite) throw new Error('expected the embedded database');
    const chunk = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 2654435761) >>> 24;
    const result = await pglite.query<{ data: Uint8Array; length: number; md5: string }>('select $1::bytea as data, length($1::bytea) as length, md5($1::bytea) as md5', [chunk]);
    const row = result.rows[0];
    expect(row.length).toBe(chunk.length);
    expect(row.md5).toBe((await import('node:crypto')).createHash('md5').update(chunk).digest('hex'));
    expect(Buffer.compare(Buffer.from(row.data), Buffer.from(chunk))).toBe(0);
  });
});
