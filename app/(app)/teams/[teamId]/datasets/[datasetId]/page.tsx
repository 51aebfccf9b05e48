import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionForm } from '@/app/_components/ui/action-form';
import { ClassBalanceChart, MiniHistogram } from '@/app/_components/datasets/dataset-charts';
import { DatasetDetailsEditor } from '@/app/_components/datasets/dataset-details-editor';
import { DatasetRows } from '@/app/_components/datasets/dataset-rows';
import { DeleteDatasetDialog } from '@/app/_components/datasets/delete-dataset-dialog';
import { NewVersionPanel } from '@/app/_components/datasets/new-version-panel';
import { Badge, buttonClass, Card, formatDate, LinkButton, Table } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { roleCan } from '@/lib/auth/permissions';
import type { ColumnSchema, ColumnSummary, DatasetStats } from '@/lib/data';
import { COLUMNS_SHOWN, describeColumns, OPEN_UP_TO_COLUMNS, splitShown } from '@/lib/data/column-overview';
import { datasetDetails } from '@/lib/datasets/service';
import { deleteDatasetAction, setDatasetArchivedAction, updateDatasetDetailsAction } from '../actions';
import { orPageError } from '@/app/_lib/page-gate';

export const metadata = { title: 'Dataset' };

function fmt(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return n.toExponential(2);
  return String(Number(n.toPrecision(digits)));
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-md bg-zinc-50 px-3 py-2 dark:bg-zinc-800/60">
      <dt className="text-xs uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-zinc-500">{hint}</dd> : null}
    </div>
  );
}

function SummaryCell({ c }: { c: ColumnSummary }) {
  if (c.type === 'numeric') {
    return (
      <span className="tabular-nums">
        {fmt(c.min)} to {fmt(c.max)}; mean {fmt(c.mean)}, sd {fmt(c.std)}
      </span>
    );
  }
  return <span className="tabular-nums">{c.distinct.toLocaleString('en')} distinct</span>;
}

function Distribution({ c, rows }: { c: ColumnSummary; rows: number }) {
  if (c.type === 'numeric') return <MiniHistogram column={c.name} bins={c.histogram} />;
  const shown = c.top.slice(0, 5);
  return (
    <ul className="space-y-0.5 text-xs" aria-label={`Most frequent values of ${c.name}`}>
      {shown.map((t) => (
        <li key={t.value} className="flex gap-2">
          <span className="max-w-40 truncate font-mono" title={t.value}>
            {t.value}
          </span>
          <span className="tabular-nums text-zinc-500">
            {t.count.toLocaleString('en')} ({rows > 0 ? ((t.count / rows) * 100).toFixed(1) : '0'}%)
          </span>
        </li>
      ))}
      {c.distinct > shown.length ? <li className="text-zinc-500">and {(c.distinct - shown.length).toLocaleString('en')} more</li> : null}
    </ul>
  );
}

function ColumnSummaryRow({ c, rows }: { c: ColumnSummary; rows: number }) {
  return (
    <tr>
      <th scope="row" className="px-2 py-2 text-left font-mono text-xs font-medium">
        {c.name}
      </th>
      <td className="px-2 py-2">{c.type}</td>
      <td className="px-2 py-2">{c.role === 'feature' ? c.role : <Badge tone={c.role === 'label' ? 'blue' : c.role === 'ignore' ? 'zinc' : 'amber'}>{c.role}</Badge>}</td>
      <td className="px-2 py-2 tabular-nums">{fmt(c.count)}</td>
      <td className={`px-2 py-2 tabular-nums ${c.missing > 0 ? 'text-amber-700 dark:text-amber-400' : ''}`}>{fmt(c.missing)}</td>
      <td className="px-2 py-2 text-xs">
        <SummaryCell c={c} />
      </td>
      <td className="px-2 py-2">
        <Distribution c={c} rows={rows} />
      </td>
    </tr>
  );
}

const COLUMN_HEAD = ['Column', 'Type', 'Role', 'Present', 'Missing', 'Summary', 'Distribution'];
const SUMMARY_CLASS = 'cursor-pointer text-sm font-medium text-brand-600 dark:text-blue-400';

function optionNumber(options: Record<string, unknown>, key: string, fallback: number): number {
  const v = options[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ teamId: string; datasetId: string }>; searchParams: Promise<{ version?: string }> }) {
  const { teamId, datasetId } = await params;
  const search = await searchParams;
  const access = await pageTeam(teamId, 'team.read');
  const { dataset, versions, dependents } = await orPageError(datasetDetails(access.actor, datasetId));
  // A dataset of another team the actor can also read is still not found under this team's URL.
  if (dataset.teamId !== teamId) notFound();
  const latest = versions[0];
  const wanted = search.version ? Number(search.version) : dataset.latestVersion;
  const version = versions.find((v) => v.version === wanted);
  if (!latest || !version) notFound();

  const canWrite = access.role ? roleCan(access.role, 'team.write') : access.actor.isAdmin;
  const stats = version.stats as unknown as DatasetStats;
  const schema = version.schema as unknown as ColumnSchema[];
  const kind = version.kind;
  const latestOptions = latest.options;
  const base = `/teams/${teamId}/datasets/${datasetId}`;
  const shownColumns = splitShown(stats.columns, COLUMNS_SHOWN);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/teams/${teamId}/datasets`} className="text-brand-600 hover:underline dark:text-blue-400">
          ← Datasets
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <DatasetDetailsEditor datasetId={dataset.id} name={dataset.name} description={dataset.description} canEdit={canWrite} action={updateDatasetDetailsAction} />
        <div className="flex flex-col items-end gap-2">
          <div className="flex flex-wrap gap-1.5">
            <Badge tone="blue">{kind}</Badge>
            {dataset.origin === 'demo' ? <Badge>demo</Badge> : null}
            {dataset.archivedAt ? <Badge tone="amber">archived</Badge> : null}
          </div>
          {/* A GET form: the version lives in the URL (shareable), and it works without JavaScript. */}
          <form method="get" action={base} className="flex items-end gap-2">
            <div>
              <label htmlFor="version-select" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
                Version
              </label>
              <select
                id="version-select"
                name="version"
                defaultValue={String(version.version)}
                className="mt-0.5 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              >
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                    {v.version === latest.version ? ' (latest)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className={buttonClass('secondary', 'sm')}>
              Show
            </button>
          </form>
        </div>
      </div>

      <nav aria-label="Dataset work" className="flex flex-wrap items-center gap-2">
        <LinkButton variant="secondary" size="sm" href={`${base}/scenarios`}>
          Scenarios ({dependents.scenarios.length})
        </LinkButton>
        {canWrite && !dataset.archivedAt ? (
          <LinkButton size="sm" href={`${base}/scenarios/new?version=${version.version}`}>
            New scenario on v{version.version}
          </LinkButton>
        ) : null}
        {dependents.studies.length ? (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            Used by {dependents.studies.length} {dependents.studies.length === 1 ? 'study' : 'studies'}
          </span>
        ) : null}
      </nav>

      {version.version !== latest.version ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          You are looking at version {version.version}; the latest is <Link href={base} className="underline">version {latest.version}</Link>.
        </p>
      ) : null}
      {dataset.archivedAt ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">Archived {formatDate(dataset.archivedAt)}: hidden from the team&rsquo;s list; existing scenarios and studies keep using it.</p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={`Version ${version.version}`} description={version.note || undefined}>
          <dl className="grid grid-cols-2 gap-2" data-testid="dataset-stats">
            <Stat label="Rows" value={fmt(stats.rows)} hint={stats.droppedRows > 0 ? `${fmt(stats.droppedRows)} dropped for missing values` : undefined} />
            <Stat label="Classes" value={fmt(stats.classCounts.length)} />
            <Stat label="Train" value={fmt(stats.trainRows)} hint={stats.rows > 0 ? `${((stats.trainRows / stats.rows) * 100).toFixed(0)}%` : undefined} />
            <Stat label="Test" value={fmt(stats.testRows)} hint={stats.rows > 0 ? `${((stats.testRows / stats.rows) * 100).toFixed(0)}%` : undefined} />
            <Stat label="Features" value={fmt(version.featureCount)} />
            {stats.image ? (
              <Stat label="Image size" value={`${stats.image.height}×${stats.image.width}`} hint={stats.image.channels === 3 ? 'RGB' : 'greyscale'} />
            ) : (
              <Stat label="Hash" value={version.hash.slice(0, 10)} hint="content hash prefix" />
            )}
          </dl>
        </Card>
        <Card title="Class balance" description="Rows per class in this version (train and test)." className="lg:col-span-2">
          <ClassBalanceChart classes={stats.classCounts} total={stats.rows} />
        </Card>
      </div>

      {stats.subjects || stats.groups.length > 0 ? (
        <div className="grid gap-6 md:grid-cols-2">
          {stats.subjects ? (
            <Card title="Data subjects" description={`Column "${stats.subjects.column}": who each row is about. Privacy scenarios forget a subject's rows.`}>
              <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3" data-testid="subject-stats">
                <Stat label="Subjects" value={fmt(stats.subjects.subjects)} />
                <Stat label="Rows / subject, min" value={fmt(stats.subjects.rowsPerSubject.min)} />
                <Stat label="median" value={fmt(stats.subjects.rowsPerSubject.median)} />
                <Stat label="mean" value={fmt(stats.subjects.rowsPerSubject.mean, 3)} />
                <Stat label="max" value={fmt(stats.subjects.rowsPerSubject.max)} />
              </dl>
            </Card>
          ) : null}
          {stats.groups.length > 0 ? (
            <Card title="Sensitive groups" description="Group sizes of the sensitive attributes, for per-group metrics and fidelity scenarios.">
              <div className="space-y-4">
                {stats.groups.map((g) => (
                  <Table key={g.column} label={`Group sizes of ${g.column}`} head={[g.column, 'Rows', 'Share']}>
                    {g.sizes.map((s) => (
                      <tr key={s.value}>
                        <td className="px-2 py-1.5 font-mono text-xs">{s.value}</td>
                        <td className="px-2 py-1.5 tabular-nums">{fmt(s.count)}</td>
                        <td className="px-2 py-1.5 tabular-nums">{stats.rows > 0 ? `${((s.count / stats.rows) * 100).toFixed(1)}%` : '—'}</td>
                      </tr>
                    ))}
                  </Table>
                ))}
              </div>
            </Card>
          ) : null}
        </div>
      ) : null}

      {stats.image ? (
        <Card title="Pixels">
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Stat label="Height" value={`${stats.image.height} px`} />
            <Stat label="Width" value={`${stats.image.width} px`} />
            <Stat label="Mean" value={fmt(stats.image.pixelMean, 3)} hint="0 to 255" />
            <Stat label="Std" value={fmt(stats.image.pixelStd, 3)} />
          </dl>
        </Card>
      ) : null}

      {stats.columns.length > 0 ? (
        <Card title="Columns" description={`${describeColumns(stats.columns)}. As uploaded: missing counts are before any filling. Hover a histogram for its bins.`}>
          <Table label="Column summaries" head={COLUMN_HEAD}>
            {shownColumns.shown.map((c) => (
              <ColumnSummaryRow key={c.name} c={c} rows={stats.rows} />
            ))}
          </Table>
          {shownColumns.rest.length ? (
            <details className="mt-3" data-testid="more-columns">
              <summary className={SUMMARY_CLASS}>Show the other {describeColumns(shownColumns.rest)}</summary>
              <div className="mt-2">
                <Table label="Other column summaries" head={COLUMN_HEAD}>
                  {shownColumns.rest.map((c) => (
                    <ColumnSummaryRow key={c.name} c={c} rows={stats.rows} />
                  ))}
                </Table>
              </div>
            </details>
          ) : null}
        </Card>
      ) : null}

      {schema.length > 0 ? (
        <Card title="Schema" description="How each column of the file is used in this version.">
          <details open={schema.length <= OPEN_UP_TO_COLUMNS} data-testid="schema-section">
            <summary className={SUMMARY_CLASS}>{describeColumns(schema.map(({ type, role }) => ({ type, role })))}</summary>
            <div className="mt-2">
              <Table label="Schema" head={['Column', 'Type', 'Role', 'Missing values']}>
                {schema.map((c) => (
                  <tr key={c.name} data-testid={`schema-${c.name}`}>
                    <th scope="row" className="px-2 py-1.5 text-left font-mono text-xs font-medium">
                      {c.name}
                    </th>
                    <td className="px-2 py-1.5">{c.type}</td>
                    <td className="px-2 py-1.5">{c.role}</td>
                    <td className="px-2 py-1.5">{c.missing}</td>
                  </tr>
                ))}
              </Table>
            </div>
          </details>
        </Card>
      ) : null}

      <Card title={kind === 'image' ? 'Images' : 'Rows'} description="Row ids are positions in this version; scenarios select rows by these ids.">
        {/* A wide table's rows are a long scroll: collapsed, with the size in the summary. */}
        <details open={kind === 'image' || schema.length <= OPEN_UP_TO_COLUMNS} data-testid="rows-section">
          <summary className={SUMMARY_CLASS}>
            Browse {fmt(version.rowCount)} {kind === 'image' ? 'images' : `rows of ${fmt(schema.length)} columns`}
          </summary>
          <div className="mt-2">
            <DatasetRows datasetId={dataset.id} version={version.version} kind={kind} total={version.rowCount} pageSize={kind === 'image' ? 32 : 25} />
          </div>
        </details>
      </Card>

      <Card title="Versions" description="Versions never change; a new schema or split makes a new version.">
        <Table label="Versions" head={['Version', 'Note', 'Created', 'By', 'Hash', 'Rows']}>
          {versions.map((v) => (
            <tr key={v.version} aria-current={v.version === version.version ? 'true' : undefined} className={v.version === version.version ? 'bg-brand-50 dark:bg-blue-950/30' : ''}>
              <td className="px-2 py-2">
                <Link href={`${base}?version=${v.version}`} className="font-medium text-brand-600 hover:underline dark:text-blue-400">
                  v{v.version}
                </Link>
                {v.version === latest.version ? (
                  <>
                    {' '}
                    <Badge tone="green">latest</Badge>
                  </>
                ) : null}
              </td>
              <td className="px-2 py-2">{v.note}</td>
              <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(v.createdAt)}</td>
              <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{v.createdByEmail ?? '—'}</td>
              <td className="px-2 py-2 font-mono text-xs" title={v.hash}>
                {v.hash.slice(0, 12)}
              </td>
              <td className="px-2 py-2 tabular-nums">{fmt(v.rowCount)}</td>
            </tr>
          ))}
        </Table>
      </Card>

      {canWrite ? (
        <>
          <Card title="New version" description="Change column roles, types, missing-value policies or the train/test split.">
            <details>
              <summary className="cursor-pointer text-sm font-medium text-brand-600 dark:text-blue-400">Change the schema or split…</summary>
              <div className="mt-4">
                <NewVersionPanel
                  // A new latest version resets the form to its choices.
                  key={latest.version}
                  datasetId={dataset.id}
                  teamId={teamId}
                  latestVersion={latest.version}
                  kind={latest.kind}
                  format={typeof latestOptions.format === 'string' ? latestOptions.format : null}
                  schema={latest.schema as unknown as ColumnSchema[]}
                  classNames={latest.classNames}
                  trainFraction={optionNumber(latestOptions, 'trainFraction', 0.8)}
                  splitSeed={optionNumber(latestOptions, 'splitSeed', 0)}
                />
              </div>
            </details>
          </Card>
          <Card title="Archive or delete">
            <div className="flex flex-wrap items-start gap-6">
              <div className="max-w-sm">
                <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
                  {dataset.archivedAt ? 'Unarchive to list the dataset again.' : 'Archiving hides the dataset from the list; scenarios and studies that use it keep working.'}
                </p>
                <ActionForm
                  inline
                  action={setDatasetArchivedAction}
                  variant="secondary"
                  submitLabel={dataset.archivedAt ? 'Unarchive' : 'Archive'}
                  testId="archive-form"
                  fields={[
                    { name: 'datasetId', label: '', type: 'hidden', defaultValue: dataset.id },
                    { name: 'archived', label: '', type: 'hidden', defaultValue: dataset.archivedAt ? 'false' : 'true' },
                  ]}
                />
              </div>
              <div className="max-w-sm">
                <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">Deleting removes every version for good. Refused while studies use the dataset.</p>
                <DeleteDatasetDialog datasetId={dataset.id} datasetName={dataset.name} dependents={dependents} returnTo="team" action={deleteDatasetAction} />
              </div>
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
