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

/** Cap on one decoded image, against "decompression bomb" files with huge declared sizes. */
const MAX_IMAGE_MEGAPIXELS = 64;

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

/** Throws a plain Error when the bytes are not a decodable PNG or JPEG; the caller names the entry. */
export function decodeImage(bytes: Uint8Array, channels: 1 | 3): DecodedImage {
  let width: number;
  let height: number;
  let rgba: Uint8Array;
  if (isPng(bytes)) {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    ({ width, height } = png);
    if (width * height > MAX_IMAGE_MEGAPIXELS * 1e6) throw new Error(`image is ${width}x${height}, too large`);
    rgba = png.data;
  } else if (isJpeg(bytes)) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: 512 });
    ({ width, height } = img);
    rgba = img.data;
  } else {
    throw new Error('not a PNG or JPEG file');
  }
  return { width, height, data: rgbaTo(rgba, width * height, channels) };
}
