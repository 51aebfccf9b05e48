import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { keepWhileReading, restoredSource } from './source-store';

async function drain(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

describe('keepWhileReading', () => {
  it('gzips plain text and restores it byte for byte', async () => {
    const csv = new TextEncoder().encode('a,b\n1,2\n'.repeat(1000));
    const kept = keepWhileReading('file', 'x.csv', [csv.subarray(0, 100), csv.subarray(100)]);
    expect(Buffer.compare(await drain(kept.source), Buffer.from(csv))).toBe(0);
    const file = kept.file();
    expect(file.gzipped).toBe(true);
    expect(file.chunks.reduce((n, c) => n + c.length, 0)).toBeLessThan(csv.length);
    expect(Buffer.compare(await drain(restoredSource(file.chunks, file.gzipped)), Buffer.from(csv))).toBe(0);
  });

  it('keeps a ZIP as it is: compressed already, not gzipped again', async () => {
    const zip = zipSync({ 'a/1.txt': new Uint8Array(5000).fill(65) });
    const kept = keepWhileReading('file', 'x.zip', [zip]);
    await drain(kept.source);
    const file = kept.file();
    expect(file.gzipped).toBe(false);
    expect(Buffer.compare(Buffer.concat(file.chunks), Buffer.from(zip))).toBe(0);
    expect(Buffer.compare(await drain(restoredSource(file.chunks, file.gzipped)), Buffer.from(zip))).toBe(0);
  });
});
