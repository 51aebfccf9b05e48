/** Test helpers: feed bytes to the streaming parsers in chunks of a chosen size. */

export function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
