/**
 * Fashion-MNIST for the benchmarks, from Debian's dataset-fashion-mnist package: the IDX files
 * as upload parts (for benches that go through the app) or ingested in memory (for benches that
 * call lib/ directly).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ingestIdx } from '../lib/data';

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

const FILES = {
  images: 'train-images-idx3-ubyte.gz',
  labels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** Whether the package is installed; prints how to install it when not. */
export function fashionAvailable(): boolean {
  if (fs.existsSync(path.join(FASHION_DIR, FILES.images))) return true;
  console.log(`SKIPPED: Fashion-MNIST not found in ${FASHION_DIR} (apt-get install -y dataset-fashion-mnist).`);
  return false;
}

/** The four IDX files as the dataset upload's parts, streamed from disk. */
export function fashionUploadParts() {
  return (Object.keys(FILES) as Array<keyof typeof FILES>).map((role) => ({ role, name: FILES[role], source: fs.createReadStream(path.join(FASHION_DIR, FILES[role])) }));
}

/** Train and test sets parsed in memory (70,000 images). */
export async function ingestFashion() {
  const file = (name: string) => [new Uint8Array(fs.readFileSync(path.join(FASHION_DIR, name)))];
  return ingestIdx({ images: file(FILES.images), labels: file(FILES.labels), test: { images: file(FILES.testImages), labels: file(FILES.testLabels) } });
}
