/**
 * The byte streams every parser takes: an upload body, a file read stream, or an array in
 * tests. Chunks may have any size. A yielded chunk must not be overwritten later by the
 * producer (web streams and Node streams give fresh chunks), since the ZIP reader keeps them.
 */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Passes chunks through and reports the running byte count (for progress and limits). */
export async function* countingSource(source: ByteSource, onBytes: (chunkBytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}
