/**
 * PNG/JPEG decoding (pngjs, jpeg-js) to the declared channel count. The format is taken from
 * the file's first bytes, not its extension. Alpha is dropped (images are taken as opaque).
 */

import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface DecodedImage {
  height: number;
  width: number;
  /** height x width x channels bytes. */
  data: Uint8Array;
}

export interface ImageDimensions {
  width: number;
  height: number;
}

/** Bytes of an image file read before its dimensions must be known (PNG: 24; JPEG: usually < 64 KB). */
export const IMAGE_HEAD_BYTES = 64 * 1024;

/** PNG: the IHDR chunk is always first, right after the 8-byte signature. */
function pngDimensions(b: Uint8Array): ImageDimensions | null {
  if (b.length < 24) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** JPEG: walks the marker segments up to the first start-of-frame; null if it is not in `b`. */
function jpegDimensions(b: Uint8Array): ImageDimensions | null {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1];
    if (marker === 0xff) {
      p += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, RST0-7, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    const length = (b[p + 2] << 8) | b[p + 3];
    if (isStartOfFrame(marker)) {
      if (p + 9 > b.length) return null;
      return { height: (b[p + 5] << 8) | b[p + 6], width: (b[p + 7] << 8) | b[p + 8] };
    }
    p += 2 + length;
  }
  return null;
}

/**
 * The image's width and height from its header, without decoding pixels; null when `bytes`
 * is not a PNG or JPEG or does not reach the header.
 */
export function imageDimensions(bytes: Uint8Array): ImageDimensions | null {
  if (isPng(bytes)) return pngDimensions(bytes);
  if (isJpeg(bytes)) return jpegDimensions(bytes);
  return null;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function rgbaTo(rgba: Uint8Array, pixels: number, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(pixels * channels);
  if (channels === 3) {
    for (let i = 0; i < pixels; i++) {
      out[i * 3] = rgba[i * 4];
      out[i * 3 + 1] = rgba[i * 4 + 1];
      out[i * 3 + 2] = rgba[i * 4 + 2];
    }
  } else {
    // ITU-R BT.601 luma, the usual greyscale conversion.
    for (let i = 0; i < pixels; i++) out[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
  }
  return out;
}

/**
 * Throws a plain Error when the bytes are not a decodable PNG or JPEG; the caller names the
 * entry, and has checked the dimensions against its pixel limit with `imageDimensions` first.
 * `maxPixels` is checked again here as the decoders see the size.
 */
export function decodeImage(bytes: Uint8Array, channels: 1 | 3, maxPixels: number): DecodedImage {
  let width: number;
  let height: number;
  let rgba: Uint8Array;
  if (isPng(bytes)) {
    const dims = pngDimensions(bytes);
    if (dims && dims.width * dims.height > maxPixels) throw new Error(`image is ${dims.width}x${dims.height}, more than ${maxPixels} pixels`);
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    ({ width, height } = png);
    rgba = png.data;
  } else if (isJpeg(bytes)) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1e6, maxMemoryUsageInMB: Math.ceil((maxPixels * 12) / (1024 * 1024)) + 32 });
    ({ width, height } = img);
    rgba = img.data;
  } else {
    throw new Error('not a PNG or JPEG file');
  }
  return { width, height, data: rgbaTo(rgba, width * height, channels) };
}
