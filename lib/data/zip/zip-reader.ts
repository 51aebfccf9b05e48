/**
 * A small ZIP reader over the archive's bytes: the central directory (at the end of the file)
 * lists entries with their sizes and CRCs, so names can be checked before anything is
 * decompressed, and each entry is inflated (fflate) and CRC-checked on its own, so an error
 * names the entry. ZIP64 and encrypted archives are refused.
 *
 * Inflation never trusts the sizes the archive declares: compressed data is fed to the
 * inflater in small slices with a running count of the output, which stops at the first slice
 * past the declared size or the caller's limit. A "ZIP bomb" is refused after inflating about
 * what its entry declares (at most the per-image cap), never what it really holds.
 */

import { Inflate } from 'fflate';
import { DataError } from '../errors';
import { formatBytes } from '../limits';
import { crc32 } from '../stream/crc32';

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
export const STORED = 0;
const DEFLATE = 8;
const nameDecoder = new TextDecoder('utf-8');

function corrupt(message: string, entry?: string): DataError {
  return new DataError('corrupt_zip', entry ? `ZIP entry ${JSON.stringify(entry)}: ${message}` : `The ZIP file is corrupt or truncated: ${message}`, entry ? { entry } : {});
}

export function listZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('its end-of-central-directory record is missing (not a ZIP, or cut short).');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw corrupt('ZIP64 archives are not supported.');
  if (directoryOffset + directorySize > eocd) throw corrupt('the central directory points outside the file.');

  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) throw corrupt(`central directory entry ${k + 1} is damaged.`);
    const flags = view.getUint16(p + 8, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    // Names are read as UTF-8 (bit 11) or, for old tools, as UTF-8 anyway: CP437 names of
    // class folders are ASCII in practice.
    const name = nameDecoder.decode(zip.subarray(p + 46, p + 46 + nameLength));
    if (flags & 1) throw corrupt('encrypted entries are not supported.', name);
    entries.push({
      name,
      isDirectory: name.endsWith('/'),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1032:1, so a slice
 * of n bytes inflates to at most ~1032 n: slices are sized from the output still allowed, between
 * MIN and MAX, so a bomb overshoots its allowance by at most ~0.5 MB while real images (which
 * expand a few times) go through in 8 KB steps with little per-step overhead.
 */
const MIN_SLICE_BYTES = 512;
const MAX_SLICE_BYTES = 8 * 1024;
const MAX_DEFLATE_RATIO = 1032;

function sliceFor(allowedOutputBytes: number): number {
  return Math.max(MIN_SLICE_BYTES, Math.min(MAX_SLICE_BYTES, Math.ceil(allowedOutputBytes / MAX_DEFLATE_RATIO)));
}

/** Stops inflation early: thrown from the output callback, caught by the reader below. */
class EnoughOutput extends Error {}

function compressedData(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) throw corrupt('its local header is missing or damaged.', entry.name);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw corrupt('its data runs past the end of the file.', entry.name);
  if (entry.method !== STORED && entry.method !== DEFLATE) throw corrupt(`compression method ${entry.method} is not supported (only stored and deflate).`, entry.name);
  return zip.subarray(start, end);
}

/**
 * Inflates `raw` slice by slice, handing each output chunk to `take`, which returns false to
 * stop; `allowed()` is the output still wanted, which sizes the next slice.
 */
function inflateSlices(raw: Uint8Array, entry: ZipEntry, allowed: () => number, take: (chunk: Uint8Array) => boolean): void {
  const inflater = new Inflate((chunk) => {
    if (!take(chunk)) throw new EnoughOutput();
  });
  try {
    if (raw.length === 0) inflater.push(new Uint8Array(0), true);
    for (let offset = 0; offset < raw.length; ) {
      const end = Math.min(raw.length, offset + sliceFor(allowed()));
      inflater.push(raw.subarray(offset, end), end === raw.length);
      offset = end;
    }
  } catch (e) {
    if (e instanceof EnoughOutput) return;
    throw corrupt(`its compressed data is damaged (${e instanceof Error ? e.message : String(e)}).`, entry.name);
  }
}

/** Refuses an entry whose directory record declares more than `maxBytes`, before inflating it. */
export function checkDeclaredSize(entry: ZipEntry, maxBytes: number): void {
  if (entry.size > maxBytes) {
    throw new DataError('file_too_large', `ZIP entry ${JSON.stringify(entry.name)} holds ${formatBytes(entry.size)}, more than ${formatBytes(maxBytes)}, the limit for one file.`, {
      entry: entry.name,
      limit: maxBytes,
    });
  }
}

/**
 * The entry's bytes, decompressed and CRC-checked. `maxBytes` caps the output: an entry that
 * declares more is refused before any inflation, one that inflates to more than it declares is
 * stopped at the first extra slice.
 */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry, maxBytes: number = Number.MAX_SAFE_INTEGER): Uint8Array {
  checkDeclaredSize(entry, maxBytes);
  const raw = compressedData(zip, entry);
  let data: Uint8Array;
  if (entry.method === STORED) data = raw;
  else {
    // Chunks are kept as they come and joined at the end, so memory follows the bytes that
    // really inflate, not the size the header claims.
    const chunks: Uint8Array[] = [];
    let filled = 0;
    let overflow = false;
    inflateSlices(raw, entry, () => entry.size - filled, (chunk) => {
      if (filled + chunk.length > entry.size) {
        overflow = true;
        return false;
      }
      chunks.push(chunk);
      filled += chunk.length;
      return true;
    });
    if (overflow) throw corrupt(`it inflates to more than the ${formatBytes(entry.size)} its header declares (a damaged or hostile archive).`, entry.name);
    if (filled !== entry.size) throw corrupt('its data does not match its checksum.', entry.name);
    data = chunks.length === 1 ? chunks[0] : new Uint8Array(filled);
    if (chunks.length > 1) {
      let offset = 0;
      for (const c of chunks) {
        data.set(c, offset);
        offset += c.length;
      }
    }
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw corrupt('its data does not match its checksum.', entry.name);
  return data;
}

/**
 * The first bytes of an entry, inflating only as much as needed: for reading an image header
 * before deciding whether the whole image may be decoded. Returns fewer bytes when the entry is
 * shorter. Not CRC-checked (the full read is).
 */
export function readZipEntryHead(zip: Uint8Array, entry: ZipEntry, bytes: number): Uint8Array {
  const raw = compressedData(zip, entry);
  if (entry.method === STORED) return raw.subarray(0, bytes);
  const head = new Uint8Array(bytes);
  let filled = 0;
  inflateSlices(raw, entry, () => bytes - filled, (chunk) => {
    const n = Math.min(chunk.length, bytes - filled);
    head.set(chunk.subarray(0, n), filled);
    filled += n;
    return filled < bytes;
  });
  return head.subarray(0, filled);
}
