'use client';
/**
 * What a scenario forgets, shown the same way in the builder's live preview and on the saved
 * scenario's page: sizes, class and sensitive-group composition of forget vs retain, affected
 * subjects, request sizes and a sample of the poison. Charts are recharts (client only); every
 * chart also has its numbers in a table for screen readers and for copying.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompositionEntry } from '@/lib/scenarios/preview';
import { Badge } from '@/app/_components/ui/ui';
import { formatCount, formatPercent, type ClientPoisonSample, type ClientPreview } from './scenario-model';

// Rose for what is forgotten, the brand blue for what stays: distinct in light and dark themes
// and for the common colour-vision deficiencies (they differ in lightness too).
const FORGET_COLOR = '#e11d48';
const RETAIN_COLOR = '#3b6fd8';

interface ShareRow {
  value: string;
  forget: number;
  retain: number;
  forgetCount: number;
  retainCount: number;
}

function shareRows(entries: CompositionEntry[]): ShareRow[] {
  return entries.map((e) => ({
    value: e.value,
    forget: Math.round(e.forgetShare * 1000) / 10,
    retain: Math.round(e.retainShare * 1000) / 10,
    forgetCount: e.forget,
    retainCount: e.retain,
  }));
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</div> : null}
    </div>
  );
}

/** Forget vs retain share per value, as grouped bars; counts in the tooltip and the table. */
export function CompositionChart({ title, axisLabel, entries, testId }: { title: string; axisLabel: string; entries: CompositionEntry[]; testId?: string }) {
  const rows = shareRows(entries);
  // Long category names (and many of them) need room under the axis; tilt them when crowded.
  const crowded = rows.length > 6 || rows.some((r) => r.value.length > 10);
  return (
    <figure className="space-y-2" data-testid={testId}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div className="h-64 text-zinc-600 dark:text-zinc-300" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: crowded ? 44 : 28, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="value"
              tick={{ fill: 'currentColor', fontSize: 11 }}
              stroke="currentColor"
              interval={0}
              angle={crowded ? -30 : 0}
              textAnchor={crowded ? 'end' : 'middle'}
              height={crowded ? 50 : 30}
              label={{ value: axisLabel, position: 'insideBottom', offset: crowded ? -38 : -16, fill: 'currentColor', fontSize: 12 }}
            />
            <YAxis
              unit="%"
              tick={{ fill: 'currentColor', fontSize: 11 }}
              stroke="currentColor"
              width={56}
              label={{ value: 'share of set', angle: -90, position: 'insideLeft', offset: 10, fill: 'currentColor', fontSize: 12, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              cursor={{ fill: 'currentColor', fillOpacity: 0.06 }}
              content={({ active, payload }) => {
                const row = active ? (payload?.[0]?.payload as ShareRow | undefined) : undefined;
                if (!row) return null;
                return (
                  <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow dark:border-zinc-700 dark:bg-zinc-900">
                    <div className="font-medium">{row.value}</div>
                    <div style={{ color: FORGET_COLOR }}>
                      Forget set: {formatCount(row.forgetCount)} rows ({row.forget} %)
                    </div>
                    <div style={{ color: RETAIN_COLOR }}>
                      Retained: {formatCount(row.retainCount)} rows ({row.retain} %)
                    </div>
                  </div>
                );
              }}
            />
            <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="forget" name="Forget set" fill={FORGET_COLOR} isAnimationActive={false} />
            <Bar dataKey="retain" name="Retained training rows" fill={RETAIN_COLOR} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Numbers</summary>
        <table className="mt-1 w-full text-left tabular-nums" aria-label={title}>
          <thead className="text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                {axisLabel}
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Forget set
              </th>
              <th scope="col" className="py-1 font-medium">
                Retained
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.value}>
                <td className="py-0.5 pr-2">{r.value}</td>
                <td className="py-0.5 pr-2">
                  {formatCount(r.forgetCount)} ({r.forget} %)
                </td>
                <td className="py-0.5">
                  {formatCount(r.retainCount)} ({r.retain} %)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function PoisonImages({ sample, width }: { sample: ClientPoisonSample[]; width: number }) {
  // Small images (8x8, 28x28) would be specks at their own size; scale them up by whole
  // pixels with pixelated rendering so the trigger patch stays sharp and visible.
  const scale = Math.max(2, Math.floor(112 / Math.max(1, width)));
  return (
    <ul className="grid grid-cols-3 gap-3 sm:grid-cols-4" data-testid="poison-images">
      {sample.map((s) => (
        <li key={s.row} className="text-center text-xs">
          {s.image ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data URL from the API; next/image cannot optimise it and would blur the pixels
            <img
              src={s.image}
              alt={`Row ${s.row} with the trigger, relabelled ${s.poisonedLabel}`}
              width={width * scale}
              className="mx-auto border border-zinc-300 dark:border-zinc-700"
              style={{ imageRendering: 'pixelated' }}
            />
          ) : null}
          <div className="mt-1 tabular-nums">row {s.row}</div>
          <div>
            {s.originalLabel} → <strong>{s.poisonedLabel}</strong>
          </div>
          <div className="text-zinc-500">{s.identified ? 'identified' : 'not identified'}</div>
        </li>
      ))}
    </ul>
  );
}

function PoisonTable({ sample }: { sample: ClientPoisonSample[] }) {
  // Label flips change no feature: a column of "none" on every row would only add noise.
  const anyCells = sample.some((s) => s.cells.length > 0);
  return (
    <div className="relative overflow-x-auto" role="region" aria-label="Composition table" tabIndex={0}>
      <table className="w-full text-left text-xs tabular-nums" aria-label="Sample of poisoned rows" data-testid="poison-table">
        <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">
              Row
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Label
            </th>
            {anyCells ? (
              <th scope="col" className="py-1 pr-2 font-medium">
                Changed cells
              </th>
            ) : null}
            <th scope="col" className="py-1 font-medium">
              Identified
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {sample.map((s) => (
            <tr key={s.row}>
              <td className="py-1 pr-2">{s.row}</td>
              <td className="py-1 pr-2">
                {s.originalLabel === s.poisonedLabel ? (
                  s.originalLabel
                ) : (
                  <>
                    {s.originalLabel} → <strong className="text-rose-700 dark:text-rose-400">{s.poisonedLabel}</strong>
                  </>
                )}
              </td>
              {anyCells ? (
                <td className="py-1 pr-2">
                  {s.cells.length === 0 ? (
                    <span className="text-zinc-500">none</span>
                  ) : (
                    s.cells.map((c) => (
                      <div key={c.column}>
                        {c.column}: {String(c.original)} → <strong>{String(c.poisoned)}</strong>
                      </div>
                    ))
                  )}
                </td>
              ) : null}
              <td className="py-1">{s.identified ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const POISON_KIND: Record<string, string> = { labelFlip: 'label flip', randomLabelFlip: 'random label flips', backdoor: 'backdoor' };

export function ScenarioSummary({ preview }: { preview: ClientPreview }) {
  const poison = preview.poison;
  return (
    <div className="space-y-6" data-testid="scenario-summary">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Stat label="Forget set" value={`${formatCount(preview.forgetCount)} rows`} hint={`${formatPercent(preview.forgetShare)} of ${formatCount(preview.trainCount)} training rows`} testId="forget-count" />
        <Stat label="Retained" value={`${formatCount(preview.retainCount)} rows`} hint="training rows kept" />
        <Stat label="Test split" value={`${formatCount(preview.testCount)} rows`} hint="never forgotten" />
      </div>

      {poison ? (
        <section className="space-y-3" aria-labelledby="poison-heading">
          <h3 id="poison-heading" className="text-sm font-semibold">
            Poison ({POISON_KIND[poison.kind] ?? poison.kind})
          </h3>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Poisoned rows" value={formatCount(poison.poisonedCount)} testId="poisoned-count" />
            <Stat label="Identified" value={formatCount(poison.identifiedCount)} hint="the forget set" />
            <Stat label="Not identified" value={formatCount(poison.unidentifiedCount)} hint="stay in retain" />
            {poison.triggeredTestCount !== undefined ? <Stat label="Triggered test rows" value={formatCount(poison.triggeredTestCount)} hint="measure attack success" /> : null}
          </div>
          {poison.sample.length > 0 ? (
            <div>
              <h4 className="mb-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">Sample of {poison.sample.length} poisoned rows</h4>
              {poison.imageShape && poison.sample.some((s) => s.image) ? <PoisonImages sample={poison.sample} width={poison.imageShape.width} /> : <PoisonTable sample={poison.sample} />}
            </div>
          ) : null}
        </section>
      ) : null}

      <CompositionChart title="Class composition: forget set vs retained rows" axisLabel="class" entries={preview.classes} testId="class-chart" />

      {preview.groups.map((g) => (
        <CompositionChart key={g.attribute} title={`Sensitive attribute ${g.attribute}`} axisLabel={g.attribute} entries={g.values} testId={`group-chart-${g.attribute}`} />
      ))}

      {preview.subjects ? (
        <section aria-labelledby="subjects-heading" data-testid="preview-subjects">
          <h3 id="subjects-heading" className="text-sm font-semibold">
            Affected data subjects
          </h3>
          <p className="mt-1 text-sm">
            <span data-testid="subject-count">{formatCount(preview.subjects.count)}</span> subjects have rows in the forget set;{' '}
            {formatCount(preview.subjects.fullyForgotten)} of them are forgotten completely (no training row left).
          </p>
          {preview.subjects.ids.length > 0 ? (
            <ul className="mt-2 flex flex-wrap gap-1" aria-label="First affected subject ids">
              {preview.subjects.ids.map((id) => (
                <li key={id}>
                  <Badge>{id}</Badge>
                </li>
              ))}
              {preview.subjects.count > preview.subjects.ids.length ? <li className="text-xs text-zinc-500">and {formatCount(preview.subjects.count - preview.subjects.ids.length)} more</li> : null}
            </ul>
          ) : null}
        </section>
      ) : null}

      {preview.requestSizes.length > 1 ? (
        <section aria-labelledby="requests-heading">
          <h3 id="requests-heading" className="text-sm font-semibold">
            Sequential deletion requests
          </h3>
          <ol className="mt-1 grid grid-cols-2 gap-x-4 text-sm tabular-nums sm:grid-cols-3" data-testid="request-sizes">
            {preview.requestSizes.map((n, i) => (
              <li key={i}>
                Request {i + 1}: {formatCount(n)} rows ({formatPercent(preview.forgetCount ? n / preview.forgetCount : 0, 0)})
              </li>
            ))}
          </ol>
          <p className="mt-1 text-xs text-zinc-500">Each request contains the previous one; sizes are cumulative.</p>
        </section>
      ) : null}
    </div>
  );
}

