/** Where an external run came from: who uploaded it, what it is, its files' hashes and the reference it was scored against. */
import Link from 'next/link';
import type { ExternalProvenance as Provenance } from '@/db/schema';
import { formatDate } from '@/app/_components/ui/ui';
import { formatSeconds } from './study-format';

export function ExternalProvenance({ provenance, kind, referenceHref }: { provenance: Provenance; kind: string; referenceHref: string | null }) {
  return (
    <div className="space-y-3 text-sm" data-testid="run-external">
      <p className="text-zinc-600 dark:text-zinc-400">
        This model was trained outside Lethe; its logits on the scenario package were uploaded and scored here with the same metrics as Lethe&apos;s own runs.
        {kind === 'unlearned' ? (
          <>
            {' '}
            Its reference is the group&apos;s own uploaded retrain of the same seed
            {referenceHref ? (
              <>
                {' '}
                (<Link href={referenceHref} className="text-brand-600 hover:underline dark:text-blue-400">that run</Link>)
              </>
            ) : null}
            , not a model Lethe trained.
          </>
        ) : null}
      </p>
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
            {name}.npy {f.dtype} ({f.shape.join(', ')}), {f.bytes} bytes, SHA-256 {f.sha256}
          </li>
        ))}
      </ul>
    </div>
  );
}
