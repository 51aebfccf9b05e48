import Link from 'next/link';
import { buttonClass, Card } from '@/app/_components/ui/ui';

/**
 * The scenario's package (GET /api/v1/scenarios/{id}/package): the exact arrays Lethe trains
 * and evaluates on, for a group that runs its own method elsewhere, with how to load them.
 */
export function ScenarioPackageCard({ scenarioId, sequential, externalStudyHref }: { scenarioId: string; sequential: boolean; /** For those who may create studies: where to start an external one. */ externalStudyHref?: string }) {
  const url = `/api/v1/scenarios/${scenarioId}/package`;
  const snippet = [
    'import zipfile, numpy as np',
    'zipfile.ZipFile("package.zip").extractall("pkg")',
    'x_train = np.load("pkg/x_train.npy")  # float32, encoded as Lethe\'s models see it',
    'y_train = np.load("pkg/y_train.npy")  # int64 class indices',
    'x_test, y_test = np.load("pkg/x_test.npy"), np.load("pkg/y_test.npy")',
    'forget = np.load("pkg/forget.npy")    # int64 positions into x_train',
    'retain = np.setdiff1d(np.arange(len(x_train)), forget)',
    ...(sequential ? ['# with several requests: forget_1.npy ... forget_K.npy, the cumulative forget set after request k'] : []),
  ].join('\n');
  return (
    <Card
      title="Package"
      description="The exact training and test arrays, forget positions and encoding of this scenario, for running your own method elsewhere. manifest.json lists the class names, the encoding statistics, the split seed, and every file's shape, dtype and SHA-256."
    >
      <div className="flex flex-wrap items-center gap-2">
        <a href={url} download className={buttonClass('secondary', 'sm')} data-testid="scenario-package-npy">
          Download package
        </a>
        <a href={`${url}?format=csv`} download className="text-sm underline" data-testid="scenario-package-csv">
          CSV form (no NumPy needed)
        </a>
      </div>
      <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-zinc-500">How to load it</h3>
      <pre tabIndex={0} aria-label="How to load the package in Python" className="mt-1 overflow-x-auto rounded-md bg-zinc-100 p-2 text-xs dark:bg-zinc-900" data-testid="scenario-package-snippet">
        <code>{snippet}</code>
      </pre>
      {externalStudyHref ? (
        <p className="mt-3 text-sm">
          Trained your models on it?{' '}
          <Link href={externalStudyHref} className="underline" data-testid="scenario-external-study">
            Create an external study
          </Link>{' '}
          and upload their outputs to have them scored beside Lethe&apos;s methods.
        </p>
      ) : null}
    </Card>
  );
}
