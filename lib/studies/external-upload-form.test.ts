import { describe, expect, it } from 'vitest';
import { externalRunOptionsSchema } from './external-input';
import { externalRunFormData, externalRunOptionsOf, requestCountOf, type ExternalUploadValues } from './external-upload-form';

const base: ExternalUploadValues = { role: 'retrain', seed: '0', request: '', method: '', description: '', codeUrl: '', seconds: '' };

describe('externalRunOptionsOf', () => {
  it('sends only the role and seed when the optional boxes are empty, and the server accepts it', () => {
    const options = externalRunOptionsOf(base, 1);
    expect(options).toEqual({ role: 'retrain', seed: 0 });
    expect(externalRunOptionsSchema.safeParse(options).success).toBe(true);
  });

  it('sends the method label only for an unlearned run, trimmed', () => {
    expect(externalRunOptionsOf({ ...base, role: 'unlearned', method: '  My method ' }, 1)).toEqual({ role: 'unlearned', seed: 0, method: 'My method' });
    // A label left in the box from an earlier choice of role is not sent with a retrain (the server would refuse it).
    expect(externalRunOptionsOf({ ...base, method: 'My method' }, 1)).toEqual({ role: 'retrain', seed: 0 });
  });

  it('sends the request only for a sequential scenario and never for an original', () => {
    expect(externalRunOptionsOf({ ...base, request: '2' }, 1)).not.toHaveProperty('request');
    expect(externalRunOptionsOf({ ...base, request: '2' }, 3)).toMatchObject({ request: 2 });
    expect(externalRunOptionsOf({ ...base, role: 'original', request: '2' }, 3)).not.toHaveProperty('request');
  });

  it('sends Lethe’s retrain as the reference only for an unlearned run, with the recipe declaration when ticked', () => {
    const lethe = { ...base, role: 'unlearned' as const, method: 'M', reference: 'lethe-retrain' as const };
    const declared = externalRunOptionsOf({ ...lethe, sameRecipe: true }, 1);
    expect(declared).toEqual({ role: 'unlearned', seed: 0, method: 'M', reference: 'lethe-retrain', sameRecipe: true });
    expect(externalRunOptionsSchema.safeParse(declared).success).toBe(true);
    // not ticked: sent without it, and the server names the declaration
    const undeclared = externalRunOptionsSchema.safeParse(externalRunOptionsOf(lethe, 1));
    expect(undeclared.error?.issues.map((i) => i.path)).toEqual([['sameRecipe']]);
    expect(externalRunOptionsOf({ ...lethe, role: 'retrain', sameRecipe: true }, 1)).toEqual({ role: 'retrain', seed: 0 });
    expect(externalRunOptionsOf({ ...lethe, reference: 'own-retrain', sameRecipe: true }, 1)).toEqual({ role: 'unlearned', seed: 0, method: 'M' });
  });

  it('sends an unparsable number as null, so the server names the field', () => {
    const options = externalRunOptionsOf({ ...base, seed: 'abc', seconds: '12.5', codeUrl: ' https://example.org/code ', description: ' an MLP ' }, 1);
    expect(options).toEqual({ role: 'retrain', seed: null, seconds: 12.5, codeUrl: 'https://example.org/code', description: 'an MLP' });
    const parsed = externalRunOptionsSchema.safeParse(options);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['seed']);
  });
});

describe('externalRunFormData', () => {
  it('puts the options part first, then the logits files in order', () => {
    const form = externalRunFormData({ role: 'retrain', seed: 1 }, { kind: 'logits', train: new Blob([new Uint8Array(3)]), test: new Blob([new Uint8Array(2)]), trainName: 'a.npy', testName: 'b.npy' });
    expect([...form.keys()]).toEqual(['options', 'logits_train', 'logits_test']);
    expect(JSON.parse(form.get('options') as string)).toEqual({ role: 'retrain', seed: 1 });
    expect((form.get('logits_train') as File).name).toBe('a.npy');
    expect((form.get('logits_test') as File).size).toBe(2);
  });

  it('sends one model part for an ONNX upload', () => {
    const form = externalRunFormData({ role: 'original', seed: 0 }, { kind: 'model', model: new Blob([new Uint8Array(4)]), modelName: 'm.onnx' });
    expect([...form.keys()]).toEqual(['options', 'model']);
    expect((form.get('model') as File).name).toBe('m.onnx');
  });
});

describe('requestCountOf', () => {
  it('counts the deletion requests of each kind', () => {
    expect(requestCountOf(undefined)).toBe(1);
    expect(requestCountOf({ kind: 'none' })).toBe(1);
    expect(requestCountOf({ kind: 'slices', count: 4 })).toBe(4);
    expect(requestCountOf({ kind: 'growing', fractions: [0.1, 0.5] })).toBe(2);
  });
});
