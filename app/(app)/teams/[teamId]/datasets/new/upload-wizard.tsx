'use client';
/**
 * The upload wizard: 1 choose the file(s), 2 check the schema and name the dataset, 3 upload with
 * progress. The options are validated here with the same zod schema the API uses, so most
 * mistakes show next to their field before a byte is sent; what only the whole file can reveal
 * (a ragged line, a missing label) comes back from the server and is shown the same way.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { Field } from '@/app/_components/ui/form-field';
import { ColumnChoices } from '@/app/_components/datasets/column-choices';
import { columnOverrides, columnsProblem } from '@/app/_components/datasets/column-rules';
import { fieldErrorsOf, sendWithProgress, type ApiErrorBody, type ServerProgress } from '@/app/_components/ui/progress-request';
import { ProgressBar } from '@/app/_components/ui/progress-bar';
import { buttonClass } from '@/app/_components/ui/ui';
import type { ColumnSchema } from '@/lib/data/types';
import { uploadOptionsSchema } from '@/lib/datasets/upload-options';

type Format = 'csv' | 'idx' | 'zip';
type IdxRole = 'images' | 'labels' | 'testImages' | 'testLabels';

interface CsvPreview {
  delimiter: string;
  header: string[];
  rows: string[][];
  lines: number[];
  schema: ColumnSchema[];
  truncated: boolean;
}

interface Created {
  id: string;
  name: string;
  rowCount: number;
}

type UploadState =
  | { status: 'idle' }
  | { status: 'sending' | 'processing'; sent: number; total: number; server: ServerProgress | null }
  | { status: 'done'; created: Created }
  | { status: 'error'; error: ApiErrorBody };

/** The schema step needs only the start of the file; 256 KB holds the header and many rows. */
const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_ROWS_SHOWN = 10;

const FORMATS: Array<{ value: Format; title: string; hint: string }> = [
  { value: 'csv', title: 'CSV or TSV', hint: 'One table with a header row; the last column is suggested as the label. Plain or .gz.' },
  { value: 'idx', title: 'IDX (MNIST style)', hint: 'An images file and a labels file, optionally a test pair. Plain or .gz.' },
  { value: 'zip', title: 'ZIP of images', hint: 'One folder per class (cats/001.png, dogs/002.jpg); PNG or JPEG.' },
];

const IDX_FILES: Array<{ role: IdxRole; label: string; optional: boolean }> = [
  { role: 'images', label: 'Training images (idx3-ubyte)', optional: false },
  { role: 'labels', label: 'Training labels (idx1-ubyte)', optional: false },
  { role: 'testImages', label: 'Test images (optional)', optional: true },
  { role: 'testLabels', label: 'Test labels (optional)', optional: true },
];

/** Reads the start of a file, through gunzip when it is compressed. */
async function fileStart(file: File): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (!/\.gz$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
    return { bytes, complete: file.size <= PREVIEW_BYTES };
  }
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  let complete = false;
  while (length < PREVIEW_BYTES) {
    const { value, done } = await reader.read();
    if (done) {
      complete = true;
      break;
    }
    parts.push(value);
    length += value.length;
  }
  if (!complete) await reader.cancel();
  const bytes = new Uint8Array(Math.min(length, PREVIEW_BYTES));
  let at = 0;
  for (const p of parts) {
    const take = Math.min(p.length, bytes.length - at);
    bytes.set(p.subarray(0, take), at);
    at += take;
    if (at >= bytes.length) break;
  }
  return { bytes, complete: complete && length <= PREVIEW_BYTES };
}

function baseName(name: string): string {
  return name.replace(/(\.gz)$/i, '').replace(/\.[^.]+$/, '');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const inputClass = (error?: string) =>
  `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;


/** aria-describedby for a field with optional hint and error. */
function describedBy(id: string, hint: boolean, error?: string): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function Steps({ step }: { step: 1 | 2 | 3 }) {
  const names = ['Choose the file', 'Schema and details', 'Upload'];
  return (
    <ol className="mb-6 flex flex-wrap gap-2 text-sm" aria-label="Steps">
      {names.map((n, i) => {
        const number = i + 1;
        const current = number === step;
        return (
          <li
            key={n}
            aria-current={current ? 'step' : undefined}
            className={`flex items-center gap-2 rounded-full px-3 py-1 ${
              current ? 'bg-brand-600 text-white' : number < step ? 'bg-brand-100 text-brand-700 dark:bg-blue-950 dark:text-blue-300' : 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400'
            }`}
          >
            <span className="font-semibold">{number}</span> {n}
          </li>
        );
      })}
    </ol>
  );
}

/** Step-2 fields: an error on one of these sends the user back to step 2 to fix it. */
const OPTION_FIELDS = /^(name|description|trainFraction|splitSeed|classNames|channels|imageSize|columns|format)/;

export function UploadWizard({ teamId }: { teamId: string }) {
  const router = useRouter();
  const id = useId();
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [format, setFormat] = useState<Format>('csv');
  const [csvFile, setCsvFile] = useState<File | null>(null);
  const [zipFile, setZipFile] = useState<File | null>(null);
  const [idxFiles, setIdxFiles] = useState<Partial<Record<IdxRole, File>>>({});
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [columns, setColumns] = useState<ColumnSchema[]>([]);
  const [name, setName] = useState('');
  // The name follows the chosen file until the user types one.
  const [nameTouched, setNameTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [trainFraction, setTrainFraction] = useState('0.8');
  const [splitSeed, setSplitSeed] = useState('0');
  const [classNames, setClassNames] = useState('');
  const [channels, setChannels] = useState<'1' | '3'>('1');
  const [resize, setResize] = useState(false);
  const [height, setHeight] = useState('28');
  const [width, setWidth] = useState('28');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [upload, setUpload] = useState<UploadState>({ status: 'idle' });
  const abortRef = useRef<(() => void) | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const fileOf = (): File | null => (format === 'csv' ? csvFile : format === 'zip' ? zipFile : (idxFiles.images ?? null));

  const goTo = (next: 1 | 2 | 3) => {
    setStep(next);
    // Moves focus to the new step's heading so keyboard and screen-reader users follow along.
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  async function toSchemaStep() {
    setFormError(null);
    setErrors({});
    if (format === 'csv') {
      if (!csvFile) return setErrors({ file: 'Choose a CSV or TSV file.' });
      setPreviewing(true);
      try {
        const { bytes, complete } = await fileStart(csvFile);
        const res = await fetch(`/api/v1/teams/${teamId}/datasets/preview${complete ? '?complete=true' : ''}`, {
          method: 'POST',
          body: bytes as BlobPart as BodyInit,
          headers: { 'Content-Type': 'application/octet-stream' },
        });
        const body = (await res.json()) as CsvPreview | { error: ApiErrorBody };
        if ('error' in body) return setErrors({ file: body.error.message });
        setPreview(body);
        setColumns(body.schema);
      } catch {
        return setErrors({ file: 'The file could not be read. Choose it again, or check that a .gz file is really gzip.' });
      } finally {
        setPreviewing(false);
      }
    } else if (format === 'idx') {
      const missing: Record<string, string> = {};
      if (!idxFiles.images) missing.images = 'Choose the training images file.';
      if (!idxFiles.labels) missing.labels = 'Choose the training labels file.';
      if (!!idxFiles.testImages !== !!idxFiles.testLabels) missing[idxFiles.testImages ? 'testLabels' : 'testImages'] = 'A test pair needs both test images and test labels.';
      if (Object.keys(missing).length) return setErrors(missing);
    } else if (!zipFile) {
      return setErrors({ file: 'Choose a ZIP file.' });
    }
    const file = fileOf();
    if (!nameTouched && file) setName(baseName(file.name));
    goTo(2);
  }

  function buildOptions(): { options: Record<string, unknown> } | { errors: Record<string, string> } {
    const raw: Record<string, unknown> = {
      name,
      description,
      format,
      trainFraction: trainFraction.trim() === '' ? undefined : Number(trainFraction),
      splitSeed: splitSeed.trim() === '' ? undefined : Number(splitSeed),
    };
    if (format === 'csv') raw.columns = preview ? columnOverrides(preview.schema, columns) : [];
    if (format === 'idx' && classNames.trim()) raw.classNames = classNames.split(',').map((s) => s.trim());
    if (format === 'zip') {
      raw.channels = Number(channels);
      if (resize) raw.imageSize = { height: Number(height), width: Number(width) };
    }
    const parsed = uploadOptionsSchema.safeParse(raw);
    const out: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) out[issue.path.join('.')] ??= issue.message;
    if (format === 'csv') {
      const problem = columnsProblem(columns);
      if (problem) out.columns = problem;
    }
    if (Object.keys(out).length) return { errors: out };
    return { options: raw };
  }

  async function startUpload() {
    setFormError(null);
    const built = buildOptions();
    if ('errors' in built) {
      setErrors(built.errors);
      setFormError('Fix the fields marked below, then upload.');
      return;
    }
    setErrors({});
    const form = new FormData();
    // The options go first: the server then streams the file straight into the parser.
    form.append('options', JSON.stringify(built.options));
    if (format === 'csv' && csvFile) form.append('file', csvFile, csvFile.name);
    if (format === 'zip' && zipFile) form.append('file', zipFile, zipFile.name);
    if (format === 'idx') for (const f of IDX_FILES) if (idxFiles[f.role]) form.append(f.role, idxFiles[f.role] as File, (idxFiles[f.role] as File).name);

    goTo(3);
    setUpload({ status: 'sending', sent: 0, total: 1, server: null });
    const request = sendWithProgress<Created>({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/datasets`,
      body: form,
      onUpload: (sent, total) =>
        setUpload((u) => (u.status === 'sending' || u.status === 'processing' ? { ...u, sent, total, status: sent >= total ? 'processing' : 'sending' } : u)),
      onServer: (server) => setUpload((u) => (u.status === 'sending' || u.status === 'processing' ? { ...u, server } : u)),
    });
    abortRef.current = request.abort;
    const outcome = await request.done;
    abortRef.current = null;
    if (outcome.ok) {
      setUpload({ status: 'done', created: outcome.result });
      router.push(`/teams/${teamId}/datasets/${outcome.result.id}`);
      return;
    }
    setUpload({ status: 'error', error: outcome.error });
    const fields = fieldErrorsOf(outcome.error);
    setErrors(fields);
    // A problem with a choice (a taken name, a bad column choice) is fixed on step 2.
    if (Object.keys(fields).some((f) => OPTION_FIELDS.test(f))) {
      setFormError(outcome.error.message);
      goTo(2);
    }
  }

  const totalFileBytes = format === 'idx' ? Object.values(idxFiles).reduce((s, f) => s + (f?.size ?? 0), 0) : (fileOf()?.size ?? 0);

  return (
    <div>
      <Steps step={step} />
      <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="text-base font-semibold outline-none">
          {step === 1 ? 'Step 1: choose the format and the file' : step === 2 ? 'Step 2: check the schema and name the dataset' : 'Step 3: upload'}
        </h2>

        {step === 1 ? (
          <div className="mt-4 space-y-5">
            <fieldset>
              <legend className="text-sm font-medium">Format</legend>
              <div className="mt-2 grid gap-3 sm:grid-cols-3">
                {FORMATS.map((f) => (
                  <label
                    key={f.value}
                    className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
                      format === f.value ? 'border-brand-500 bg-brand-50 dark:border-blue-700 dark:bg-blue-950/40' : 'border-zinc-300 dark:border-zinc-700'
                    }`}
                  >
                    <input
                      type="radio"
                      name={`${id}-format`}
                      value={f.value}
                      checked={format === f.value}
                      onChange={() => {
                        setFormat(f.value);
                        setErrors({});
                      }}
                      className="mt-0.5"
                    />
                    <span>
                      <span className="block font-medium">{f.title}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{f.hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>

            {format === 'csv' ? (
              <Field id={`${id}-csv`} label="CSV or TSV file" error={errors.file} hint="Comma, semicolon or tab separated, with a header row.">
                <input
                  id={`${id}-csv`}
                  type="file"
                  accept=".csv,.tsv,.txt,.gz,text/csv,text/tab-separated-values"
                  aria-invalid={!!errors.file}
                  aria-describedby={describedBy(`${id}-csv`, true, errors.file)}
                  onChange={(e) => {
                    setCsvFile(e.target.files?.[0] ?? null);
                    setPreview(null);
                    setErrors({});
                  }}
                  className="mt-1 block text-sm"
                />
              </Field>
            ) : null}

            {format === 'zip' ? (
              <Field id={`${id}-zip`} label="ZIP file" error={errors.file} hint="Each top-level folder is a class; its name becomes the class name.">
                <input
                  id={`${id}-zip`}
                  type="file"
                  accept=".zip,application/zip"
                  aria-invalid={!!errors.file}
                  aria-describedby={describedBy(`${id}-zip`, true, errors.file)}
                  onChange={(e) => {
                    setZipFile(e.target.files?.[0] ?? null);
                    setErrors({});
                  }}
                  className="mt-1 block text-sm"
                />
              </Field>
            ) : null}

            {format === 'idx' ? (
              <div className="grid gap-4 sm:grid-cols-2">
                {IDX_FILES.map((f) => (
                  <Field key={f.role} id={`${id}-${f.role}`} label={f.label} error={errors[f.role]}>
                    <input
                      id={`${id}-${f.role}`}
                      type="file"
                      aria-invalid={!!errors[f.role]}
                      aria-describedby={describedBy(`${id}-${f.role}`, false, errors[f.role])}
                      onChange={(e) => {
                        const file = e.target.files?.[0];
                        setIdxFiles((prev) => ({ ...prev, [f.role]: file }));
                        setErrors({});
                      }}
                      className="mt-1 block text-sm"
                    />
                  </Field>
                ))}
              </div>
            ) : null}

            {totalFileBytes > 0 ? (
              <p className="text-xs text-zinc-500" data-testid="chosen-files">
                Chosen: {format === 'idx' ? Object.values(idxFiles).map((f) => f?.name).filter(Boolean).join(', ') : fileOf()?.name} ({formatBytes(totalFileBytes)})
              </p>
            ) : null}
            <div className="flex gap-2">
              <button type="button" className={buttonClass('primary')} onClick={() => void toSchemaStep()} disabled={previewing}>
                {previewing ? 'Reading the file…' : 'Next: schema'}
              </button>
            </div>
          </div>
        ) : null}

        {step === 2 ? (
          <div className="mt-4 space-y-6">
            {formError ? (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
                {formError}
              </p>
            ) : null}
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              File: <span className="font-medium text-zinc-900 dark:text-zinc-100">{format === 'idx' ? Object.values(idxFiles).map((f) => f?.name).join(', ') : fileOf()?.name}</span> ({formatBytes(totalFileBytes)})
            </p>

            <div className="grid gap-4 sm:grid-cols-2">
              <Field id={`${id}-name`} label="Name" error={errors.name}>
                <input
                  id={`${id}-name`}
                  value={name}
                  onChange={(e) => {
                    setName(e.target.value);
                    setNameTouched(true);
                  }}
                  aria-invalid={!!errors.name}
                  aria-describedby={describedBy(`${id}-name`, false, errors.name)}
                  className={inputClass(errors.name)}
                />
              </Field>
              <div className="grid grid-cols-2 gap-3">
                <Field id={`${id}-train`} label="Train fraction" hint="Share of rows for training; the rest is the test set." error={errors.trainFraction}>
                  <input
                    id={`${id}-train`}
                    inputMode="decimal"
                    value={trainFraction}
                    onChange={(e) => setTrainFraction(e.target.value)}
                    aria-invalid={!!errors.trainFraction}
                    aria-describedby={describedBy(`${id}-train`, true, errors.trainFraction)}
                    className={inputClass(errors.trainFraction)}
                  />
                </Field>
                <Field id={`${id}-seed`} label="Split seed" hint="Same seed, same split." error={errors.splitSeed}>
                  <input
                    id={`${id}-seed`}
                    inputMode="numeric"
                    value={splitSeed}
                    onChange={(e) => setSplitSeed(e.target.value)}
                    aria-invalid={!!errors.splitSeed}
                    aria-describedby={describedBy(`${id}-seed`, true, errors.splitSeed)}
                    className={inputClass(errors.splitSeed)}
                  />
                </Field>
              </div>
              <div className="sm:col-span-2">
                <Field id={`${id}-description`} label="Description (optional)" hint="Where the data comes from, its licence, what a row is." error={errors.description}>
                  <textarea
                    id={`${id}-description`}
                    rows={3}
                    value={description}
                    onChange={(e) => setDescription(e.target.value)}
                    aria-invalid={!!errors.description}
                    aria-describedby={describedBy(`${id}-description`, true, errors.description)}
                    className={inputClass(errors.description)}
                  />
                </Field>
              </div>
            </div>

            {format === 'csv' && preview ? (
              <>
                <div>
                  <h3 className="text-sm font-semibold">Preview</h3>
                  <p className="mt-1 text-xs text-zinc-500">
                    The first {Math.min(PREVIEW_ROWS_SHOWN, preview.rows.length)} rows, separated by {preview.delimiter === '\t' ? 'tabs' : `"${preview.delimiter}"`}. Types are inferred from the start of the file.
                  </p>
                  <div className="relative mt-2 max-h-72 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800" role="region" aria-label="Preview" tabIndex={0}>
                    <table className="w-full text-left font-mono text-xs" aria-label="Preview of the first rows" data-testid="csv-preview">
                      <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-800">
                        <tr>
                          <th scope="col" className="px-2 py-1.5 font-medium text-zinc-500">
                            line
                          </th>
                          {preview.header.map((h) => (
                            <th key={h} scope="col" className="px-2 py-1.5 font-medium">
                              {h}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                        {preview.rows.slice(0, PREVIEW_ROWS_SHOWN).map((row, r) => (
                          <tr key={preview.lines[r]}>
                            <td className="px-2 py-1 text-zinc-500">{preview.lines[r]}</td>
                            {row.map((cell, c) => (
                              <td key={c} className="whitespace-nowrap px-2 py-1">
                                {cell}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
                <div>
                  <h3 className="text-sm font-semibold">Columns</h3>
                  <p className="mt-1 text-xs text-zinc-500">Exactly one label column. Subjects and sensitive attributes enable privacy and fairness scenarios.</p>
                  <div className="mt-2">
                    <ColumnChoices
                      idPrefix={id}
                      columns={columns}
                      error={errors.columns ?? Object.entries(errors).find(([k]) => k.startsWith('columns.'))?.[1]}
                      onChange={(next) => {
                        setColumns(next);
                        setErrors((e) => ({ ...e, columns: '' }));
                      }}
                    />
                  </div>
                </div>
              </>
            ) : null}

            {format === 'idx' ? (
              <Field id={`${id}-classes`} label="Class names (optional)" hint="Comma separated, in label order: 0 first. Without them the classes are named 0, 1, 2, …" error={errors.classNames ?? errors['classNames.0']}>
                <input
                  id={`${id}-classes`}
                  value={classNames}
                  onChange={(e) => setClassNames(e.target.value)}
                  placeholder="T-shirt, Trouser, Pullover"
                  aria-invalid={!!errors.classNames}
                  aria-describedby={describedBy(`${id}-classes`, true, errors.classNames)}
                  className={inputClass(errors.classNames)}
                />
              </Field>
            ) : null}

            {format === 'zip' ? (
              <div className="grid gap-4 sm:grid-cols-3">
                <Field id={`${id}-channels`} label="Channels" error={errors.channels}>
                  <select id={`${id}-channels`} value={channels} onChange={(e) => setChannels(e.target.value as '1' | '3')} className={inputClass(errors.channels)}>
                    <option value="1">Greyscale (1 channel)</option>
                    <option value="3">RGB (3 channels)</option>
                  </select>
                </Field>
                <div className="sm:col-span-2">
                  <label className="flex items-center gap-2 text-sm font-medium">
                    <input type="checkbox" checked={resize} onChange={(e) => setResize(e.target.checked)} />
                    Resize every image
                  </label>
                  <p className="mt-1 text-xs text-zinc-500">Without resizing, every image must already have the same size.</p>
                  {resize ? (
                    <div className="mt-2 grid grid-cols-2 gap-3">
                      <Field id={`${id}-height`} label="Height (pixels)" error={errors['imageSize.height'] ?? errors.imageSize}>
                        <input
                          id={`${id}-height`}
                          inputMode="numeric"
                          value={height}
                          onChange={(e) => setHeight(e.target.value)}
                          aria-invalid={!!errors['imageSize.height']}
                          aria-describedby={describedBy(`${id}-height`, false, errors['imageSize.height'])}
                          className={inputClass(errors['imageSize.height'])}
                        />
                      </Field>
                      <Field id={`${id}-width`} label="Width (pixels)" error={errors['imageSize.width']}>
                        <input
                          id={`${id}-width`}
                          inputMode="numeric"
                          value={width}
                          onChange={(e) => setWidth(e.target.value)}
                          aria-invalid={!!errors['imageSize.width']}
                          aria-describedby={describedBy(`${id}-width`, false, errors['imageSize.width'])}
                          className={inputClass(errors['imageSize.width'])}
                        />
                      </Field>
                    </div>
                  ) : null}
                </div>
              </div>
            ) : null}

            <div className="flex flex-wrap gap-2">
              <button type="button" className={buttonClass('secondary')} onClick={() => goTo(1)}>
                Back
              </button>
              <button type="button" className={buttonClass('primary')} onClick={() => void startUpload()}>
                Upload and save
              </button>
            </div>
          </div>
        ) : null}

        {step === 3 ? (
          <div className="mt-4 space-y-4">
            {upload.status === 'sending' || upload.status === 'processing' || upload.status === 'done' ? (
              <>
                <ProgressBar
                  label="Sending the file"
                  testId="upload-bytes-progress"
                  value={upload.status === 'done' ? 1 : upload.sent / Math.max(1, upload.total)}
                  detail={upload.status === 'done' ? 'Sent' : `${formatBytes(upload.sent)} of ${formatBytes(upload.total)}`}
                />
                <div role="status" aria-live="polite" className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="upload-phase">
                  {upload.status === 'done'
                    ? `Saved "${upload.created.name}": ${upload.created.rowCount.toLocaleString('en')} rows. Opening the dataset…`
                    : upload.status === 'processing' || upload.server
                      ? `Processing on the server${upload.server ? ` (${upload.server.phase}): ${upload.server.rows.toLocaleString('en')} rows read` : '…'}`
                      : 'Uploading…'}
                </div>
                {upload.status !== 'done' ? (
                  <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => abortRef.current?.()}>
                    Cancel upload
                  </button>
                ) : (
                  <Link href={`/teams/${teamId}/datasets/${upload.created.id}`} className="text-sm text-brand-600 underline dark:text-blue-400">
                    Open the dataset
                  </Link>
                )}
              </>
            ) : null}
            {upload.status === 'error' ? (
              <div className="space-y-4">
                <div role="alert" data-testid="upload-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
                  <p className="font-medium">Nothing was saved.</p>
                  <p className="mt-1">{upload.error.message}</p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <button type="button" className={buttonClass('secondary')} onClick={() => goTo(1)}>
                    Choose another file
                  </button>
                  <button type="button" className={buttonClass('secondary')} onClick={() => goTo(2)}>
                    Change the schema
                  </button>
                  <button type="button" className={buttonClass('primary')} onClick={() => void startUpload()}>
                    Try again
                  </button>
                </div>
              </div>
            ) : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}
