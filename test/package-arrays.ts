/**
 * A scenario package's arrays as tests read them back from the ZIP the package route answers:
 * what an outside group would load with numpy, to compute the logits it uploads.
 */
import { unzipSync } from 'fflate';
import { readNpy } from '@/lib/data/npy';

export interface PackageArrays {
  xTrain: Float32Array;
  xTest: Float32Array;
  yTrain: BigInt64Array;
  yTest: BigInt64Array;
  /** Positions into the training arrays (the whole, final forget set). */
  forget: BigInt64Array;
  /** Encoded input width (x_train columns). */
  features: number;
  classes: number;
}

async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** One NPY file of an unzipped package, as its typed array. */
export async function npyOf(files: Record<string, Uint8Array>, name: string): Promise<Float32Array | Float64Array | BigInt64Array> {
  if (!files[name]) throw new Error(`the package has no ${name}`);
  return (await readNpy(chunksOf(files[name]), { maxBytes: 64 << 20, name })).data;
}

export async function packageArrays(zip: Uint8Array): Promise<PackageArrays> {
  const files = unzipSync(zip);
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { classNames: string[] };
  const xTrain = (await npyOf(files, 'x_train.npy')) as Float32Array;
  const yTrain = (await npyOf(files, 'y_train.npy')) as BigInt64Array;
  return {
    xTrain,
    xTest: (await npyOf(files, 'x_test.npy')) as Float32Array,
    yTrain,
    yTest: (await npyOf(files, 'y_test.npy')) as BigInt64Array,
    forget: (await npyOf(files, 'forget.npy')) as BigInt64Array,
    features: xTrain.length / yTrain.length,
    classes: manifest.classNames.length,
  };
}
