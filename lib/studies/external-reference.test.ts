/**
 * The words every page uses for an external run's reference and for the metrics an upload
 * cannot have, from the stored provenance: Lethe's retrain with what was checked and what only
 * declared, or the group's own retrain; older runs without a recorded reference read as their
 * own retrain (their first dependency).
 */
import { describe, expect, it } from 'vitest';
import type { ExternalProvenance } from '@/db/schema';
import { absentExternalMetrics, describeExternalReference, describeReferenceKinds, externalReferenceOf, uploadedRowNote, type ExternalRunFacts } from './external-reference';

const RETRAIN = '3f2a9c1e-0000-4000-8000-000000000001';

function provenance(files: ExternalProvenance['files'], reference?: ExternalProvenance['reference']): ExternalProvenance {
  return { uploadedBy: null, uploadedAt: '2025-01-01T00:00:00Z', method: 'Ours', description: '', codeUrl: null, seconds: null, files, ...(reference ? { reference } : {}) };
}

const model = { model: { sha256: 'a', bytes: 10, dtype: 'onnx', shape: [] } };
const logits = { logits_train: { sha256: 'b', bytes: 10, dtype: '<f4', shape: [5, 3] }, logits_test: { sha256: 'c', bytes: 10, dtype: '<f4', shape: [2, 3] } };

function run(external: ExternalProvenance | null, extra: Partial<ExternalRunFacts> = {}): ExternalRunFacts {
  return { kind: 'unlearned', seed: 3, requestIndex: 0, dependsOn: [RETRAIN], external, ...extra };
}

describe('external run reference', () => {
  it('says Lethe’s retrain, with the spec checked and the recipe declared', () => {
    const ref = externalReferenceOf(run(provenance(model, { kind: 'lethe-retrain', runId: RETRAIN, seed: 3, requestIndex: 0, specChecked: true, recipeDeclared: true })));
    expect(ref && describeExternalReference(ref)).toBe('Lethe’s retrain (seed 3, run 3f2a9c1e), same spec checked, recipe declared by the uploader');
    expect(ref && describeExternalReference({ ...ref, requestIndex: 1 }, { runId: false })).toBe('Lethe’s retrain (seed 3, request 2), same spec checked, recipe declared by the uploader');
  });

  it('says the group’s own uploaded retrain, also for runs stored before the reference was recorded', () => {
    const ref = externalReferenceOf(run(provenance(logits)));
    expect(ref).toEqual({ kind: 'own-retrain', runId: RETRAIN, seed: 3, requestIndex: 0 });
    expect(ref && describeExternalReference(ref)).toBe('the group’s own uploaded retrain of seed 3 (run 3f2a9c1e)');
    expect(ref && describeExternalReference(ref, { runId: false })).toBe('the group’s own uploaded retrain of seed 3');
  });

  it('has no reference for Lethe’s runs and for uploaded retrains', () => {
    expect(externalReferenceOf(run(null))).toBeNull();
    expect(externalReferenceOf(run(provenance(logits), { kind: 'retrain', dependsOn: [] }))).toBeNull();
  });

  it('describes a method’s seeds by their reference kinds', () => {
    expect(describeReferenceKinds(new Set(['lethe-retrain']))).toBe('scored against Lethe’s retrain of each seed (same spec checked, recipe declared by the uploader)');
    expect(describeReferenceKinds(new Set(['own-retrain']))).toBe('scored against the group’s own uploaded retrain of each seed');
  });
});

describe('metrics an upload cannot have', () => {
  it('logits: ZRF, weight distance and relearn time, each with its reason', () => {
    const absent = absentExternalMetrics(run(provenance(logits)));
    expect(absent.map((a) => a.metric)).toEqual(['zrf', 'weightDistance', 'relearnTime']);
    expect(absent[1].why).toBe('uploaded logits carry no weights.');
  });

  it('a model checked against the spec has ZRF; weight distance and relearn time stay absent with reasons', () => {
    const checked = run(provenance(model, { kind: 'lethe-retrain', runId: RETRAIN, seed: 3, requestIndex: 0, specChecked: true, recipeDeclared: true }));
    expect(absentExternalMetrics(checked).map((a) => a.metric)).toEqual(['weightDistance', 'relearnTime']);
    expect(absentExternalMetrics(run(provenance(model))).map((a) => a.metric)).toEqual(['zrf', 'weightDistance', 'relearnTime']);
    expect(absentExternalMetrics(run(null))).toEqual([]);
  });

  it('the results table’s note names the empty columns', () => {
    expect(uploadedRowNote(new Set(['logits']), false)).toBe('Uploaded logits: no ZRF or weight distance (both need the model itself).');
    expect(uploadedRowNote(new Set(['model']), true)).toBe('Uploaded model: no weight distance (it was not initialised by Lethe).');
  });
});
