import { describe, expect, it } from 'vitest';
import { hashedBackend } from './expected-backend';

describe('hashedBackend', () => {
  it("gives CNNs on 'ort' their own name (their step moved to ONNX Runtime) and leaves everything else as it was", () => {
    expect(hashedBackend('ort', 'cnn')).not.toBe('ort');
    expect(hashedBackend('ort', 'mlp')).toBe('ort');
    expect(hashedBackend('ort', 'logistic')).toBe('ort');
    expect(hashedBackend('wasm', 'cnn')).toBe('wasm');
    expect(hashedBackend('node', 'cnn')).toBe('node');
  });
});
