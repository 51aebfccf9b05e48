/**
 * Test helpers: hostile uploads built in the test, small on disk and huge once inflated.
 * A run of zeros compresses ~1000:1 in deflate, and a sync-flushed block of zeros decodes the
 * same wherever it is repeated (its back-references only see zeros), so gigabytes of output
 * cost a few milliseconds and a few megabytes to build.
 */

import { Deflate, zipSync } from 'fflate';
import { crc32 } from '../stream/crc32';

const MIB = 1024 * 1024;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A raw deflate stream that inflates to `bytes` zero bytes. */
export function deflatedZeros(bytes: number): Uint8Array {
  let current: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => current.push(chunk));
  const take = (): Uint8Array => {
    const out = concat(current);
    current = [];
    return out;
  };
  const fullBlocks = Math.floor(bytes / MIB);
  const parts: Uint8Array[] = [];
  if (fullBlocks > 0) {
    deflate.push(new Uint8Array(MIB));
    deflate.flush(true);
    parts.push(take());
  }
  if (fullBlocks > 1) {
    deflate.push(new Uint8Array(MIB));
    deflate.flush(true);
    const repeated = take();
    for (let i = 1; i < fullBlocks; i++) parts.push(repeated);
  }
  deflate.push(new Uint8Array(bytes - fullBlocks * MIB), true);
  parts.push(take());
  return concat(parts);
}

/**
 * A ZIP with one deflated entry whose header declares `declaredSize` and `crc` (the real size
 * and checksum of a bomb are beside the point: a safe reader stops before it could check them).
 */
export function zipWithDeflatedEntry(name: string, compressed: Uint8Array, declaredSize: number, crc = 0): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const local = new Uint8Array(30 + nameBytes.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true); // version needed
  lv.setUint16(8, 8, true); // deflate
  lv.setUint32(14, crc, true);
  lv.setUint32(18, compressed.length, true);
  lv.setUint32(22, declaredSize, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);

  const central = new Uint8Array(46 + nameBytes.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(10, 8, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, compressed.length, true);
  cv.setUint32(24, declaredSize, true);
  cv.setUint16(28, nameBytes.length, true);
  cv.setUint32(42, 0, true); // local header offset
  central.set(nameBytes, 46);

  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + compressed.length, true);
  return concat([local, compressed, central, end]);
}

/** A ZIP bomb: one class image entry that inflates to `inflatedBytes` zeros, declaring `declaredSize`. */
export function zipBomb(inflatedBytes: number, declaredSize = inflatedBytes): Uint8Array {
  return zipWithDeflatedEntry('cat/bomb.png', deflatedZeros(inflatedBytes), declaredSize);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/**
 * A valid greyscale PNG of `width` x `height` black pixels. Its pixel data is all zeros (each
 * row: filter byte 0, then zeros), so a 20000x20000 image is ~400 KB; decoding it would need
 * 1.6 GB of RGBA.
 */
export function blackPng(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const iv = new DataView(ihdr.buffer);
  iv.setUint32(0, width);
  iv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = (width + 1) * height;
  // zlib: header, deflate data, Adler-32 of the raw bytes (all zeros: a = 1, b = n mod 65521).
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, (((raw % 65521) << 16) | 1) >>> 0);
  const idat = concat([new Uint8Array([0x78, 0xda]), deflatedZeros(raw), adler]);
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/** A class-folder ZIP holding one giant black PNG next to two small valid classes' images. */
export function giantImageZip(width: number, height: number, small: Uint8Array): Uint8Array {
  return zipSync({ 'cat/small.png': small, 'cat/giant.png': blackPng(width, height), 'dog/small.png': small, 'dog/small2.png': small });
}
