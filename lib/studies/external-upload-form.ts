/**
 * What the "Upload an external run" form sends: the `options` JSON built from the typed form
 * values, and the multipart body with that part first (the route reads the options before any
 * file, so it can validate the files as they stream). Empty optional boxes are left out;
 * anything unparsable in a number box is sent as null so the server's schema names the field.
 */
import type { Requests } from '@/lib/scenarios/spec';
import type { ExternalReferenceChoice, ExternalRunOptions } from './external-input';

export type ExternalRole = ExternalRunOptions['role'];

export interface ExternalUploadValues {
  role: ExternalRole;
  seed: string;
  /** 1-based deletion request; only sent for a sequential scenario (more than one request). */
  request: string;
  method: string;
  description: string;
  codeUrl: string;
  seconds: string;
  /** An unlearned model's reference (a mixed study offers Lethe's retrain for an ONNX model); absent: the group's own retrain. */
  reference?: ExternalReferenceChoice;
  /** The uploader's declaration that the model was trained with the study's recipe (sent only with Lethe's retrain). */
  sameRecipe?: boolean;
}

export type ExternalUploadFiles = { kind: 'logits'; train: Blob; test: Blob; trainName: string; testName: string } | { kind: 'model'; model: Blob; modelName: string };

/** How many deletion requests a scenario's `requests` setting makes (1 when it is not sequential). */
export function requestCountOf(requests: Requests | undefined): number {
  if (!requests || requests.kind === 'none') return 1;
  return requests.kind === 'slices' ? requests.count : requests.fractions.length;
}

function numberOrNull(typed: string): number | null {
  const t = typed.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The `options` part: only the fields that apply to the role and the scenario. */
export function externalRunOptionsOf(v: ExternalUploadValues, requestCount: number): Record<string, unknown> {
  const out: Record<string, unknown> = { role: v.role, seed: numberOrNull(v.seed) };
  if (v.role === 'unlearned' && v.method.trim()) out.method = v.method.trim();
  // An original is trained before any request, so the server refuses a request on it.
  if (requestCount > 1 && v.role !== 'original' && v.request.trim()) out.request = numberOrNull(v.request);
  if (v.description.trim()) out.description = v.description.trim();
  if (v.codeUrl.trim()) out.codeUrl = v.codeUrl.trim();
  if (v.seconds.trim()) out.seconds = numberOrNull(v.seconds);
  if (v.role === 'unlearned' && v.reference === 'lethe-retrain') {
    out.reference = 'lethe-retrain';
    // Unticked, the declaration is left out and the server says it is needed.
    if (v.sameRecipe) out.sameRecipe = true;
  }
  return out;
}

/** The multipart body, `options` first, then the two logits files or the model. */
export function externalRunFormData(options: Record<string, unknown>, files: ExternalUploadFiles): FormData {
  const form = new FormData();
  form.append('options', JSON.stringify(options));
  if (files.kind === 'logits') {
    form.append('logits_train', files.train, files.trainName);
    form.append('logits_test', files.test, files.testName);
  } else {
    form.append('model', files.model, files.modelName);
  }
  return form;
}
