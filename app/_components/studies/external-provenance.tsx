/** Where an external run came from: who uploaded it, what it is, its files' hashes and the reference it was scored against. */
import Link from 'next/link';
import type { ExternalProvenance as Provenance, ExternalReference } from '@/db/schema';
import { formatDate } from '@/app/_components/ui/ui';
import type { AbsentMetricReason } from '@/lib/studies/external-reference';
import { formatSeconds } from './study-format';

/** The reference sentence: which retrain, and for Lethe's what was checked and what only declared. */
function ReferenceText({ reference, referenceHref }: { reference: ExternalReference; referenceHref: string | null }) {
  const link = referenceHref ? (
    <Link href={referenceHref} className="text-brand-600 hover:underline dark:text-blue-400">
      run {reference.runId.slice(0, 8)}
    </Link>
  ) : (
    `run ${reference.runId.slice(0, 8)}`
  );
  const seed = `seed ${reference.seed}${reference.requestIndex > 0 ? `, request ${reference.requestIndex + 1}` : ''}`;
  if (reference.kind === 'lethe-retrain') {
    return (
      <span data-testid="run-external-reference" data-reference="lethe-retrain">
        Its reference is Lethe&apos;s retrain ({seed}, {link}), same spec checked, recipe declared by the uploader: the uploaded graph was checked to have the study&apos;s model spec; that it was trained with the study&apos;s recipe is the uploader&apos;s declaration, which Lethe cannot check from weights.
      </span>
    );
  }
  return (
    <span data-testid="run-external-reference" data-reference="own-retrain">
      Its reference is the group&apos;s own uploaded retrain of {seed} ({link}), not a model Lethe trained.
    </span>
  );
}

export function ExternalProvenance({ provenance, reference, referenceHref, absent }: { provenance: Provenance; reference: ExternalReference | null; referenceHref: string | null; absent: AbsentMetricReason[] }) {
  const model = 'model' in provenance.files;
  return (
    <div className="space-y-3 text-sm" data-testid="run-external">
      <p className="text-zinc-600 dark:text-zinc-400">
        This model was trained outside Lethe; {model ? 'the uploaded ONNX model was run on the scenario package' : 'its logits on the scenario package were uploaded'} and scored here with the same metrics as Lethe&apos;s own runs.
        {reference ? (
          <>
            {' '}
            <ReferenceText reference={reference} referenceHref={referenceHref} />
          </>
        ) : null}
      </p>
      {absent.length ? (
        <div data-testid="run-external-absent">
          <p className="text-zinc-600 dark:text-zinc-400">Not computed for this upload:</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-zinc-600 dark:text-zinc-400">
            {absent.map((a) => (
              <li key={a.metric}>
                <span className="font-medium text-zinc-800 dark:text-zinc-200">{a.label}</span>: {a.why}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-zinc-500">Uploaded by</dt>
          <dd className="mt-0.5">
            {provenance.uploadedBy ? `${provenance.uploadedBy.name} (${provenance.uploadedBy.email})` : '—'}
            <br />
            <span className="text-xs text-zinc-500">{formatDate(new Date(provenance.uploadedAt))}</span>
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Method</dt>
          <dd className="mt-0.5">{provenance.method}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Code</dt>
          <dd className="mt-0.5 break-all">
            {provenance.codeUrl ? (
              <a href={provenance.codeUrl} rel="noopener noreferrer nofollow" className="text-brand-600 hover:underline dark:text-blue-400">
                {provenance.codeUrl}
              </a>
            ) : (
              'not given'
            )}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Time reported by the group</dt>
          <dd className="mt-0.5 tabular-nums">{provenance.seconds !== null ? formatSeconds(provenance.seconds) : 'not given'}</dd>
        </div>
      </dl>
      {provenance.description ? <p className="whitespace-pre-wrap">{provenance.description}</p> : null}
      <ul className="space-y-1 text-xs" aria-label="Uploaded files">
        {Object.entries(provenance.files).map(([name, f]) => (
          <li key={name} className="font-mono break-all">
            {name === 'model' ? 'model.onnx' : `${name}.npy ${f.dtype} (${f.shape.join(', ')})`}, {f.bytes} bytes, SHA-256 {f.sha256}
          </li>
        ))}
      </ul>
    </div>
  );
}
