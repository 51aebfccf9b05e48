/**
 * Compact weight files: "LTHW", a format version, a JSON header (spec, io, parameter
 * names and shapes) and the float32 values little-endian, 4-byte aligned. Restoring
 * gives bit-identical parameters, hence identical predictions on the same backend.
 */
import { modelSpecSchema, type ModelIO, type ModelSpec } from './model-spec';
import { Model, splitFlat } from './model';
import { paramLayout } from './network';

const MAGIC = 0x5748544c; // "LTHW" read as a little-endian uint32
const FORMAT_VERSION = 1;

interface WeightsHeader {
  spec: ModelSpec;
  io: ModelIO;
  params: { name: string; shape: number[] }[];
}

export function serializeWeights(model: Model): Uint8Array {
  const header: WeightsHeader = {
    spec: model.spec,
    io: model.io,
    params: model.layout.map((p) => ({ name: p.name, shape: p.shape })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerPadded = Math.ceil(json.length / 4) * 4;
  const flat = model.flatWeights();
  const bytes = new Uint8Array(12 + headerPadded + flat.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  const dataOffset = 12 + headerPadded;
  for (let i = 0; i < flat.length; i++) view.setFloat32(dataOffset + i * 4, flat[i], true);
  return bytes;
}

export function readWeightsHeader(bytes: Uint8Array): WeightsHeader & { dataOffset: number } {
  if (bytes.length < 12) throw new Error('weights file is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a Lethe weights file');
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) throw new Error(`unsupported weights format version ${version}`);
  const length = view.getUint32(8, true);
  const raw = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as WeightsHeader;
  return { ...raw, spec: modelSpecSchema.parse(raw.spec), dataOffset: 12 + Math.ceil(length / 4) * 4 };
}

/**
 * The spec, input/output and parameter values of a weights file without building a model (no
 * tensors): what the ONNX exporter needs to run a stored model with ONNX Runtime.
 */
export function readWeightValues(bytes: Uint8Array): { spec: ModelSpec; io: ModelIO; values: Float32Array[] } {
  const header = readWeightsHeader(bytes);
  const layout = paramLayout(header.spec, header.io);
  if (layout.map((p) => p.name).join(',') !== header.params.map((p) => p.name).join(',')) throw new Error('weights file parameters do not match its spec');
  const count = layout.reduce((sum, p) => sum + p.size, 0);
  if (bytes.length !== header.dataOffset + count * 4) throw new Error(`weights file has ${bytes.length} bytes, expected ${header.dataOffset + count * 4}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flat = new Float32Array(count);
  for (let i = 0; i < count; i++) flat[i] = view.getFloat32(header.dataOffset + i * 4, true);
  return { spec: header.spec, io: header.io, values: splitFlat(layout, flat) };
}

/** The model a weights file holds (its values as stored: no initialisation drawn first). */
export function deserializeWeights(bytes: Uint8Array): Model {
  const { spec, io, values } = readWeightValues(bytes);
  return Model.fromValues(spec, io, values);
}
