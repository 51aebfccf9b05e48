'use client';
/**
 * "Upload an external run": one model trained outside Lethe, as its logits on the package's
 * x_train and x_test (.npy) or as an ONNX model, posted multipart to
 * `POST /api/v1/studies/{id}/external-runs` with the options part first. The route checks the
 * files against the package and answers which array, row or limit is wrong; that message shows
 * next to the field it names (or above the button). On success the page is refreshed.
 */
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Field } from '@/app/_components/ui/form-field';
import { fieldErrorsOf, type ApiErrorBody } from '@/app/_components/ui/progress-request';
import { buttonClass, Card } from '@/app/_components/ui/ui';
import { externalRunFormData, externalRunOptionsOf, type ExternalRole, type ExternalUploadFiles, type ExternalUploadValues } from '@/lib/studies/external-upload-form';
import { describedBy, inputClass, Segmented, TextInput } from './study-form-inputs';

const ROLE_HINTS: Record<ExternalRole, string> = {
  original: 'Trained on all of x_train.',
  retrain: 'Trained on the retain rows only (x_train without forget.npy): the reference of this seed’s unlearned runs, so upload it first.',
  unlearned: 'Your method applied to this seed’s original; scored against your retrain of the same seed (or, for an ONNX model in a Lethe study, against Lethe’s).',
};

/** Fields the form shows; any other error (options as a whole, a missing part) shows above the button. */
const FORM_FIELDS = ['role', 'seed', 'request', 'method', 'description', 'codeUrl', 'seconds', 'reference', 'sameRecipe', 'logits_train', 'logits_test', 'model'];

/** The service starts a message with its field path ("options.seed: …"); the box already says which field. */
function withoutFieldPrefix(field: string, message: string): string {
  for (const prefix of [`options.${field}: `, `${field}: `, `${field}.npy: `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

function FileInput({ id, label, accept, error, hint, onChange }: { id: string; label: string; accept: string; error?: string; hint?: string; onChange: (f: File | null) => void }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type="file"
        accept={accept}
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm dark:file:bg-zinc-800"
      />
    </Field>
  );
}

export function ExternalUploadForm({
  studyId,
  requestCount,
  numClasses,
  trainRows,
  testRows,
  letheModel,
}: {
  studyId: string;
  requestCount: number;
  numClasses: number;
  trainRows: number;
  testRows: number;
  /** A Lethe study's model and recipe in words: its retrains may be the reference of an ONNX model of that spec. Absent in an external study. */
  letheModel?: { spec: string; recipe: string };
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ExternalUploadValues>({ role: 'retrain', seed: '0', request: '1', method: '', description: '', codeUrl: '', seconds: '', reference: 'own-retrain', sameRecipe: false });
  const [fileKind, setFileKind] = useState<'logits' | 'model'>('logits');
  const [files, setFiles] = useState<{ train: File | null; test: File | null; model: File | null }>({ train: null, test: null, model: null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const set = (key: keyof ExternalUploadValues) => (v: string) => setValues((prev) => ({ ...prev, [key]: v }));

  const letheChoice = !!letheModel && values.role === 'unlearned' && fileKind === 'model';

  const missingFiles = (): Record<string, string> => {
    if (fileKind === 'model') return files.model ? {} : { model: 'Choose the .onnx file.' };
    return { ...(files.train ? {} : { logits_train: 'Choose the logits on x_train (.npy).' }), ...(files.test ? {} : { logits_test: 'Choose the logits on x_test (.npy).' }) };
  };

  const upload = async () => {
    setDone(null);
    setFormError(null);
    const missing = missingFiles();
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const chosen: ExternalUploadFiles =
      fileKind === 'model'
        ? { kind: 'model', model: files.model as File, modelName: (files.model as File).name }
        : { kind: 'logits', train: files.train as File, test: files.test as File, trainName: (files.train as File).name, testName: (files.test as File).name };
    setUploading(true);
    try {
      // Lethe's retrain is offered only for an ONNX model in a Lethe study: logits cannot be checked against its spec.
      const sent = { ...values, reference: letheChoice ? values.reference : undefined };
      const res = await fetch(`/api/v1/studies/${studyId}/external-runs`, { method: 'POST', body: externalRunFormData(externalRunOptionsOf(sent, requestCount), chosen) });
      const json: unknown = await res.json().catch(() => null);
      if (res.status === 201) {
        const label = values.role === 'unlearned' ? values.method.trim() : values.role;
        setDone(`Uploaded and scored: ${label}, seed ${values.seed.trim()}.`);
        setFiles({ train: null, test: null, model: null });
        formRef.current?.querySelectorAll<HTMLInputElement>('input[type=file]').forEach((input) => {
          input.value = '';
        });
        router.refresh();
      } else {
        const error = (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` };
        const byField = fieldErrorsOf(error);
        // NPY errors name their file as details.entry ("logits_train.npy"): show them at that file's box.
        const entry = typeof error.details?.entry === 'string' ? error.details.entry.replace(/\.npy$/, '') : '';
        if (entry && !byField[entry]) byField[entry] = error.message;
        const shown = Object.fromEntries(Object.entries(byField).filter(([f]) => FORM_FIELDS.includes(f)).map(([f, m]) => [f, withoutFieldPrefix(f, m)]));
        setErrors(shown);
        // A message not tied to a field the form shows (a missing retrain, a duplicate) goes above the button.
        if (Object.keys(shown).length === 0) setFormError(error.message);
      }
    } catch {
      setFormError('Could not reach the server. Try again.');
    }
    setUploading(false);
  };

  return (
    <Card
      title="Upload an external run"
      description={`One model trained outside Lethe: its logits on the package’s x_train (${trainRows} rows) and x_test (${testRows} rows), ${numClasses} classes, rows in package order; or the model itself as ONNX.`}
    >
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
        className="space-y-4"
        data-testid="external-upload-form"
      >
        <div>
          <Segmented<ExternalRole>
            legend="Role"
            name="external-role"
            value={values.role}
            options={[
              { value: 'original', label: 'Original' },
              { value: 'retrain', label: 'Retrain' },
              { value: 'unlearned', label: 'Unlearned' },
            ]}
            onChange={(v) => set('role')(v)}
          />
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{ROLE_HINTS[values.role]}</p>
          {errors.role ? (
            <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
              {errors.role}
            </p>
          ) : null}
        </div>
        <div className="grid gap-3 sm:grid-cols-3">
          <TextInput label="Seed" type="number" min={0} value={values.seed} onChange={set('seed')} error={errors.seed} testId="external-seed" />
          {requestCount > 1 && values.role !== 'original' ? (
            <TextInput label="Deletion request" type="number" min={1} max={requestCount} value={values.request} onChange={set('request')} error={errors.request} hint={`1 to ${requestCount}: the request this model has served.`} />
          ) : null}
          {values.role === 'unlearned' ? <TextInput label="Method label" value={values.method} onChange={set('method')} error={errors.method} hint="Shown as “label (external)”." testId="external-method" /> : null}
          <TextInput label="Seconds (optional)" type="number" inputMode="decimal" min={0} step="any" value={values.seconds} onChange={set('seconds')} error={errors.seconds} hint="Wall time to produce the model; gives a speedup when the retrain has one too." />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextInput label="Code URL (optional)" value={values.codeUrl} onChange={set('codeUrl')} error={errors.codeUrl} />
          <Field id="external-description" label="Description (optional)" error={errors.description}>
            <textarea id="external-description" rows={2} value={values.description} onChange={(e) => set('description')(e.target.value)} maxLength={5000} className={inputClass(errors.description)} />
          </Field>
        </div>
        <Segmented<'logits' | 'model'>
          legend="Files"
          name="external-files"
          value={fileKind}
          options={[
            { value: 'logits', label: 'Logits (.npy)' },
            { value: 'model', label: 'ONNX model' },
          ]}
          onChange={setFileKind}
        />
        {fileKind === 'logits' ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <FileInput id="external-logits-train" label="logits_train.npy" accept=".npy" hint={`float32 or float64, shape (${trainRows}, ${numClasses})`} error={errors.logits_train} onChange={(f) => setFiles((p) => ({ ...p, train: f }))} />
            <FileInput id="external-logits-test" label="logits_test.npy" accept=".npy" hint={`float32 or float64, shape (${testRows}, ${numClasses})`} error={errors.logits_test} onChange={(f) => setFiles((p) => ({ ...p, test: f }))} />
          </div>
        ) : (
          <FileInput id="external-model" label="model.onnx" accept=".onnx" hint="One float32 input shaped like x (dynamic batch); first output the logits (batch, classes)." error={errors.model} onChange={(f) => setFiles((p) => ({ ...p, model: f }))} />
        )}
        {letheChoice && letheModel ? (
          <div data-testid="external-reference">
            <Segmented<'own-retrain' | 'lethe-retrain'>
              legend="Reference"
              name="external-reference"
              value={values.reference ?? 'own-retrain'}
              options={[
                { value: 'own-retrain', label: 'Our uploaded retrain' },
                { value: 'lethe-retrain', label: 'Lethe’s retrain' },
              ]}
              onChange={(v) => setValues((prev) => ({ ...prev, reference: v }))}
            />
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              {values.reference === 'lethe-retrain'
                ? `Scored against Lethe’s retrain of this seed. Lethe checks the model’s graph against this study’s spec (${letheModel.spec}) and refuses another architecture; the recipe cannot be checked from weights, so you declare it.`
                : 'Scored against your uploaded retrain of this seed (upload it first).'}
            </p>
            {errors.reference ? (
              <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
                {errors.reference}
              </p>
            ) : null}
            {values.reference === 'lethe-retrain' ? (
              <div className="mt-2">
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-0.5" checked={!!values.sameRecipe} onChange={(e) => setValues((prev) => ({ ...prev, sameRecipe: e.target.checked }))} data-testid="external-same-recipe" />
                  <span>I declare this model was trained with this study’s recipe ({letheModel.recipe}).</span>
                </label>
                {errors.sameRecipe ? (
                  <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
                    {errors.sameRecipe}
                  </p>
                ) : null}
              </div>
            ) : null}
          </div>
        ) : null}
        {formError ? (
          <p role="alert" data-testid="external-upload-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {formError}
          </p>
        ) : null}
        {done ? (
          <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-300">
            {done}
          </p>
        ) : null}
        <button type="submit" disabled={uploading} className={buttonClass('primary')}>
          {uploading ? 'Uploading and scoring…' : 'Upload'}
        </button>
      </form>
    </Card>
  );
}
