/**
 * A small ZIP reader over the archive's bytes: the central directory (at the end of the file)
 * lists entries with their sizes and CRCs, so names can be checked before anything is
 * decompressed, and each entry is inflated (fflate) and CRC-checked on its own, so an error
 * names the entry. ZIP64 and encrypted archives are refused.
 */

import { inflateSync } from 'fflate';
import { DataError } from '../errors';
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
const STORED = 0;
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

/** The entry's bytes, decompressed and CRC-checked. */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) throw corrupt('its local header is missing or damaged.', entry.name);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw corrupt('its data runs past the end of the file.', entry.name);
  const raw = zip.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === STORED) data = raw;
  else if (entry.method === DEFLATE) {
    try {
      data = inflateSync(raw, { out: new Uint8Array(entry.size) });
    } catch (e) {
      throw corrupt(`its compressed data is damaged (${e instanceof Error ? e.message : String(e)}).`, entry.name);
    }
  } else throw corrupt(`compression method ${entry.method} is not supported (only stored and deflate).`, entry.name);
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw corrupt('its data does not match its checksum.', entry.name);
  return data;
}
