/**
 * The deletion report of a privacy study, for a data-protection officer: printable (print CSS
 * hides the app's navigation and forces dark text on white). Other categories get an
 * explanation instead: the report is about data subjects.
 */
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PrintButton } from '@/app/_components/ui/print-button';
import { orPageError } from '@/app/_lib/page-gate';
import { formatPercentValue, formatPoints } from '@/app/_components/studies/study-format';
import { formatDate } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { deletionReport, removalSentence, type MethodEvidence, type ModelEvidence } from '@/lib/reviews/deletion-report';
import { NullAndNoiseFloor, VerdictRule, VerdictSentences, VerdictWarnings } from '@/app/_components/results/verdict-panel';

export const metadata = { title: 'Deletion report' };

const fixed = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="break-inside-avoid border-t border-zinc-200 pt-4 dark:border-zinc-800 print:border-zinc-300">
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="mt-2 text-sm">{children}</div>
    </section>
  );
}

const cell = 'px-2 py-1 tabular-nums';

function ModelRow({ label, m }: { label: string; m: ModelEvidence | null }) {
  return (
    <tr>
      <th scope="row" className="px-2 py-1 text-left font-medium">
        {label}
      </th>
      <td className={cell}>{m ? formatPercentValue(m.accuracy.forget) : '—'}</td>
      <td className={cell}>{m ? formatPercentValue(m.accuracy.retain) : '—'}</td>
      <td className={cell}>{m ? formatPercentValue(m.accuracy.test) : '—'}</td>
      <td className={cell}>{m ? fixed(m.miaAuc) : '—'}</td>
      <td className={cell}>{m ? fixed(m.miaAdvantage) : '—'}</td>
      <td className={cell}>{m ? formatPercentValue(m.entropyMemberRate) : '—'}</td>
      <td className={cell}>{m?.seeds ?? 0}</td>
    </tr>
  );
}

function MethodSection({ e, retrain }: { e: MethodEvidence; retrain: ModelEvidence | null }) {
  const d = e.distinguishability;
  return (
    <div className="break-inside-avoid rounded-md border border-zinc-200 p-3 dark:border-zinc-800 print:border-zinc-300" data-testid="report-method">
      <h3 className="font-semibold">{e.label}</h3>
      {e.config && Object.keys(e.config).length ? <p className="text-xs text-zinc-500">{Object.entries(e.config).map(([k, v]) => `${k}=${String(v)}`).join(', ')}</p> : null}
      <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
        <div>
          <dt className="text-zinc-500">Accuracy gap to {e.reference} (method − reference, same seed, mean over {e.model.seeds} seeds)</dt>
          <dd className="tabular-nums" data-testid="report-gaps">
            forget {formatPoints(e.gapToRetrain.forget)} · retain {formatPoints(e.gapToRetrain.retain)} · test {formatPoints(e.gapToRetrain.test)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Membership inference (loss threshold, forget vs test)</dt>
          <dd className="tabular-nums" data-testid="report-mia">
            AUC {fixed(e.model.miaAuc)} (retrain {fixed(retrain?.miaAuc ?? null)}) · advantage {fixed(e.model.miaAdvantage)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Entropy attack: share of removed rows judged “member”</dt>
          <dd className="tabular-nums">
            {formatPercentValue(e.model.entropyMemberRate)} (retrain {formatPercentValue(retrain?.entropyMemberRate ?? null)})
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Distinguishability from retraining</dt>
          <dd className="tabular-nums" data-testid="report-distinguishability">
            {d.numModels !== null ? (
              <>
                {d.epsilonCeiling === 0 ? `F not computable with N = ${d.numModels}` : `F = ${fixed(d.forgetQuality)}`} with N = {d.numModels} models per side, ε ceiling {d.epsilonCeiling}
                {d.finalScore !== null ? ` · final score ${fixed(d.finalScore)}` : ''}
              </>
            ) : (
              'not computed'
            )}
          </dd>
        </div>
      </dl>
      {e.caveats.length ? (
        <div className="mt-3 rounded bg-amber-50 p-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200 print:bg-white print:text-black print:ring-1 print:ring-amber-400" data-testid="report-caveats">
          <p className="font-medium">How far this evidence goes</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {e.caveats.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="mt-3 text-green-800 dark:text-green-300 print:text-black">No caveat: the measured behaviour on the removed rows is close to a model retrained without them.</p>
      )}
      {e.closestBy.length ? <p className="mt-2 text-sm" data-testid="report-closest">Named closest to retraining by the {e.closestBy.join(' and by the ')}.</p> : null}
    </div>
  );
}

export default async function DeletionReportPage({ params }: { params: Promise<{ teamId: string; studyId: string }> }) {
  const { teamId, studyId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const report = await orPageError(deletionReport(access.actor, studyId));
  if (report.study.teamId !== teamId) notFound();
  const back = (
    <Link href={`/teams/${teamId}/studies/${studyId}`} className="hover:underline">
      {report.study.name}
    </Link>
  );
  if (report.category !== 'privacy') {
    return (
      <>
        <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
          {back} /
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Deletion report</h1>
        <p className="mt-2 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400" data-testid="report-not-privacy">
          Deletion reports apply to privacy scenarios, where data subjects asked to be forgotten. This study&apos;s scenario is a {report.category} scenario; its results are on the study page.
        </p>
      </>
    );
  }
  const e = report.evidence;
  const subjects = report.subjects;
  return (
    <article className="deletion-report space-y-5 print:text-black" data-testid="deletion-report">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500 print:hidden">
        {back} /
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Deletion report</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400 print:text-black">
            Study “{report.study.name}” · generated {formatDate(report.generatedAt)}
          </p>
        </div>
        <PrintButton />
      </header>

      {report.runs.active > 0 ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200 print:bg-white print:text-black">
          {report.runs.active} of {report.runs.total} runs are still in progress: the evidence below is incomplete.
        </p>
      ) : null}

      <Section title="What was removed">
        <p data-testid="report-rows">
          {removalSentence({ forgetCount: report.scenario?.forgetCount ?? null, trainCount: report.scenario?.trainCount ?? null, subjectCount: subjects?.count ?? null, dataset: report.dataset })}
          {subjects?.fullyForgotten !== null && subjects ? ` ${subjects.fullyForgotten} of these subjects have no training row left.` : ''}
        </p>
        {subjects ? (
          <>
            <p className="mt-2 text-zinc-600 dark:text-zinc-400 print:text-black">Subject ids{subjects.column ? ` (column “${subjects.column}”)` : ''}:</p>
            <p className="mt-1 break-words font-mono text-xs" data-testid="report-subjects">
              {subjects.ids.join(', ')}
            </p>
            {!subjects.complete ? <p className="mt-1 text-xs text-zinc-500">Only the first {subjects.ids.length} ids were saved with the scenario; the dataset could not be read to list them all.</p> : null}
          </>
        ) : (
          <p className="mt-2">This dataset has no data-subject column; rows were selected directly.</p>
        )}
        {report.scenario ? (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400 print:text-black">
            Deletion request: scenario “{report.scenario.name}”{report.scenario.description ? ` — ${report.scenario.description.replace(/[.\s]+$/, '')}` : ''}.
          </p>
        ) : null}
      </Section>

      <Section title="When and by whom">
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
          <div>
            <dt className="text-zinc-500">Deletion request recorded</dt>
            <dd>
              {report.scenario ? formatDate(report.scenario.createdAt) : '—'} by {report.scenarioCreatedBy ? `${report.scenarioCreatedBy.name} (${report.scenarioCreatedBy.email})` : 'a former member'}
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">Unlearning study started</dt>
            <dd data-testid="report-who">
              {formatDate(report.study.createdAt)} by {report.createdBy ? `${report.createdBy.name} (${report.createdBy.email})` : 'a former member'}
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">Finished</dt>
            <dd>{formatDate(report.study.finishedAt)}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Runs</dt>
            <dd>
              {report.runs.succeeded} of {report.runs.total} succeeded{e.missingRuns ? `; ${e.missingRuns} failed or cancelled (their evidence is missing)` : ''}
            </dd>
          </div>
        </dl>
      </Section>

      <Section title="By which method">
        {report.study.external ? (
          <p data-testid="report-methods">
            {report.methods.length ? report.methods.join(', ') : 'No unlearning method uploaded yet'}, on {report.study.seeds.length} seed{report.study.seeds.length === 1 ? '' : 's'} uploaded. The models were trained outside Lethe{report.study.description.trim() ? ` (${report.study.description.trim().replace(/[.\s]+$/, '')})` : ''} and their outputs uploaded; every method is compared with the group’s own retrain of the same seed (trained without the removed rows) and with the group’s original that saw them.
          </p>
        ) : (
          <p data-testid="report-methods">
            {report.methods.length ? report.methods.join(', ') : 'Retraining only'}, each with {report.study.seeds.length} seed{report.study.seeds.length === 1 ? '' : 's'}. Model: {report.model}. Every method is compared with retraining from scratch without the removed rows (the exact reference) and with the original model that saw them.
          </p>
        )}
      </Section>

      <Section title="Evidence that the model no longer reflects them">
        <div className="relative overflow-x-auto" role="region" aria-label="Per-seed results" tabIndex={0}>
          <table className="w-full text-left text-sm" aria-label="Reference models">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                {['Model', 'Forget acc.', 'Retain acc.', 'Test acc.', 'MIA AUC', 'MIA adv.', 'Entropy member rate', 'Seeds'].map((h) => (
                  <th key={h} scope="col" className="px-2 py-1 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              <ModelRow label="Original (saw the rows)" m={e.original} />
              <ModelRow label="Retrained without them" m={e.retrain} />
              {e.methods.map((m) => (
                <ModelRow key={m.label + JSON.stringify(m.config)} label={m.label} m={m.model} />
              ))}
            </tbody>
          </table>
        </div>
        {e.attackHasNoPower ? (
          <p className="mt-2 rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200 print:bg-white print:text-black" data-testid="report-attack-no-power">
            {e.attackHasNoPower}
          </p>
        ) : null}
        <p className="mt-2 text-xs text-zinc-500 print:text-black">
          A membership-inference AUC of 0.5 means the attack cannot tell the removed rows from data the model never saw; the reference is the retrained model&apos;s value, not 0.5.
        </p>
        <div className="mt-4" data-testid="report-verdict">
          <h3 className="font-semibold">Verdict</h3>
          <VerdictWarnings warnings={e.verdict.warnings} />
          <div className="mt-1">
            <VerdictSentences verdict={e.verdict} />
          </div>
          <VerdictRule />
          <div className="mt-2">
            <NullAndNoiseFloor verdict={e.verdict} keys={['accuracy.forget', 'accuracy.test', 'mia.loss.auc', 'mia.entropy.forgetMemberRate']} />
          </div>
        </div>
        <div className="mt-4 space-y-3">
          {e.methods.length ? e.methods.map((m) => <MethodSection key={m.label + JSON.stringify(m.config)} e={m} retrain={m.referenceModel} />) : <p>No unlearning method has finished yet.</p>}
        </div>
      </Section>
    </article>
  );
}
