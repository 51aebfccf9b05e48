/**
 * A ZIP writer that produces its bytes only when the reader asks (a pull-based ReadableStream):
 * each pull advances the entries' chunk generators until the archive has bytes to hand over, so
 * a slow client holds back the producer and memory stays at one chunk plus fflate's small
 * buffers, however large the archive. Entries are stored (not deflated): encoded floats barely
 * compress and deflate would cost the CPU the server shares with training.
 */
import { Zip, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  name: string;
  /** The entry's bytes, produced lazily (called once, when the entry's turn comes). */
  chunks: () => Iterable<Uint8Array>;
}

/** fflate writes no ZIP64 records: offsets and sizes must fit in 32 bits. */
export const ZIP_MAX_BYTES = 0xffffffff;

export function zipPullStream(entries: readonly ZipEntry[]): ReadableStream<Uint8Array> {
  const ready: Uint8Array[] = [];
  let finished = false;
  let failure: Error | null = null;
  let written = 0;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else ready.push(chunk);
    written += chunk?.length ?? 0;
    // Stop rather than hand out an archive whose 32-bit offsets have wrapped (unreadable).
    if (written > ZIP_MAX_BYTES) failure ??= new Error(`ZIP larger than ${ZIP_MAX_BYTES} bytes, the limit without ZIP64`);
    if (final) finished = true;
  });
  function* steps(): Generator<void> {
    for (const entry of entries) {
      const file = new ZipPassThrough(entry.name);
      zip.add(file);
      for (const chunk of entry.chunks()) {
        file.push(chunk);
        yield;
      }
      file.push(new Uint8Array(0), true);
      yield;
    }
    zip.end();
  }
  const cursor = steps();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (ready.length === 0 && !finished && !failure) {
        if (cursor.next().done) break;
      }
      if (failure) return controller.error(failure);
      const next = ready.shift();
      if (next) controller.enqueue(next);
      else if (finished) controller.close();
    },
  });
}

