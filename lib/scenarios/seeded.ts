/**
 * One independent random stream per purpose. Each stream is forked from a fresh root of the
 * scenario seed, so its draws depend only on the seed and the purpose (e.g. a selector's JSON
 * path), never on which other streams were drawn from first.
 */
import { createRandom, type RandomSource } from '@/lib/random';

export function randomFor(seed: number, purpose: string): RandomSource {
  return createRandom(seed).fork(purpose);
}
