'use client';
// A client component on purpose: the page then sends its rows as data (~2 KB for 12 models)
// instead of the rendered table's tree in the RSC payload as well as in the HTML.
import { Card, Table } from '@/app/_components/ui/ui';
import type { PerExampleEvidenceRow } from '@/lib/results/per-example-evidence-table';

const fixed = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

/** U-LiRA and KLoM per method, beside the original (null baseline) and retrain vs retrain (noise floor). */
export function PerExampleEvidenceCard({ rows, exportUrl }: { rows: PerExampleEvidenceRow[]; exportUrl: string }) {
  if (rows.length === 0) return null;
  return (
    <Card
      title="Per-example attacks: U-LiRA and KLoM"
      description={
        <>
          U-LiRA (Hayes et al. 2024): per forget example, a likelihood-ratio test on the logit-scaled confidence asks whether a model unlearned the example or never saw it, fitted on the other seeds (leave one seed out); AUC 0.5 means the method&apos;s models cannot be told from retraining. KLoM (Georgiev et al. 2024): per example, the KL divergence between the margins of the method&apos;s models and the retrained models (20 shared bins); 0 means indistinguishable; the 95th percentile over examples is shown. Compare each method with the original (doing nothing) and with retrain against retrain (the noise floor, from two halves of the retrained seeds). Both statistics depend on how many models each side has, so every row is read at the floor&apos;s size: half the seeds against the retrained models of the other half, both ways, averaged (N per side is shown). The original&apos;s row says whether each statistic has power here: where doing nothing is no farther from retrain than twice the floor, the statistic cannot tell any method apart.
        </>
      }
    >
      <Table label="Per-example attacks" head={['Model', 'U-LiRA AUC', 'TPR at 1% FPR', 'U-LiRA N per side', 'KLoM p95 forget', 'KLoM p95 retain', 'KLoM p95 test', 'KLoM N', 'Note']}>
        {rows.map((r) => (
          <tr key={r.key} data-testid={`per-example-row-${r.role}`} className={r.role === 'method' ? '' : 'text-zinc-500'}>
            <th scope="row" className="px-2 py-1.5 text-left font-medium">
              {r.label}
            </th>
            <td className="number-cell">{fixed(r.uLiraAuc)}</td>
            <td className="number-cell">{fixed(r.uLiraTprAtLowFpr)}</td>
            <td className="number-cell">{r.uLiraModels ?? '—'}</td>
            <td className="number-cell">{fixed(r.klomP95.forget)}</td>
            <td className="number-cell">{fixed(r.klomP95.retain)}</td>
            <td className="number-cell">{fixed(r.klomP95.test)}</td>
            <td className="number-cell">{r.klomModels ?? '—'}</td>
            <td className="px-2 py-1.5 text-xs">{r.note ?? ''}</td>
          </tr>
        ))}
      </Table>
      <p className="mt-3 text-sm">
        Every model&apos;s per-example outputs (φ and margin, with row ids and seeds):{' '}
        <a className="underline" href={`${exportUrl}?format=csv`} data-testid="per-example-csv">
          CSV
        </a>{' '}
        ·{' '}
        <a className="underline" href={`${exportUrl}?format=npy`} data-testid="per-example-npy">
          NPY (ZIP with manifest)
        </a>
      </p>
    </Card>
  );
}
