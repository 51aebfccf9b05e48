/**
 * Binary encoding of run artifacts (weights, per-example outputs, method artifacts with typed
 * arrays) for bytea columns: Node's structured serialisation keeps typed arrays compact and
 * exact, and reads data written by older Node versions.
 */
import v8 from 'node:v8';

export function encodeBlob(value: unknown): Uint8Array {
  const buffer = v8.serialize(value);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function decodeBlob<T>(bytes: Uint8Array): T {
  return v8.deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as T;
}
