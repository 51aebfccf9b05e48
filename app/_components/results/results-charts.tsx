'use client';
/**
 * The charts of a results dashboard (study or comparison), drawn with recharts from the
 * aggregated table: trade-off with Pareto front, speedup, per-class and per-group accuracy,
 * membership-inference ROC, loss/confidence distributions (loaded on demand for one run),
 * backdoor success, metric over sequential requests, training/unlearning curves, and for image
 * datasets a grid of forget-set examples with each model's prediction. Axis text uses
 * currentColor (light and dark themes); series colours are mid-tones readable on both.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  LabelList,
  Line,
  LineChart,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { ResultRow, ResultsTable } from '@/lib/results/aggregate';
import { AVERAGE_GAP_KEY, metricInfo } from '@/lib/results/catalogue';
import { formatRatioTick, logAxis, metricAxisBounds, paddedDomain } from '@/lib/results/chart-axes';
import type { Distributions } from '@/lib/results/distributions';
import { chartScale, formatGap, formatValue, unitLabel } from '@/lib/results/format';
import { tradeoffAxes, tradeoffPoints } from '@/lib/results/pareto';
import { rocReading } from '@/lib/results/roc-reading';
import { rowToken, type PerClassSplit, type ViewState } from '@/lib/results/view-state';
import type { ForgetExamples, ResultsData } from '@/lib/results/study-results-service';
import { ChartFrame, ChartSubject, type LegendEntry } from './results-chart-frame';

const PALETTE = ['#3b6fd8', '#d97706', '#9333ea', '#db2777', '#0891b2', '#65a30d', '#dc2626', '#4f46e5', '#0d9488', '#ca8a04', '#c026d3', '#ea580c'];
const ORIGINAL = '#71717a';
const RETRAIN = '#16a34a';
const FRONT = '#e11d48';

export function rowColours(rows: readonly ResultRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (const r of rows) {
    if (r.kind === 'original' && !r.baseline) out[r.key] = ORIGINAL;
    else if (r.baseline || r.kind === 'retrain') out[r.key] = r.baseline || !Object.values(out).includes(RETRAIN) ? RETRAIN : PALETTE[i++ % PALETTE.length];
    else out[r.key] = PALETTE[i++ % PALETTE.length];
  }
  return out;
}

export function rowName(r: ResultRow): string {
  return r.detail ? `${r.label} (${r.detail})` : r.label;
}

const axisProps = { stroke: 'currentColor', tick: { fill: 'currentColor', fontSize: 11 } } as const;
const label = (value: string, axis: 'x' | 'y') =>
  axis === 'x'
    ? { value, position: 'insideBottom' as const, offset: -14, fill: 'currentColor', fontSize: 12 }
    : { value, angle: -90, position: 'insideLeft' as const, offset: 4, fill: 'currentColor', fontSize: 12, style: { textAnchor: 'middle' as const } };
const grid = <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />;

function TooltipBox({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs text-zinc-900 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <div className="font-medium">{title}</div>
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}

function Select({ label: text, value, options, onChange, testId }: { label: string; value: string; options: Array<{ value: string; label: string }>; onChange: (v: string) => void; testId?: string }) {
  return (
    <label className="flex min-w-0 max-w-full flex-wrap items-center gap-1.5">
      <span className="text-zinc-600 dark:text-zinc-400">{text}</span>
      <select className="min-w-0 max-w-full rounded border border-zinc-300 bg-white px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-900" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const pct = (v: number) => `${Number(v.toFixed(1))}`;

/** Forgetting vs utility, one point per model (size = time), the Pareto front joined. */
function TradeoffChart({ table, colours, axisId, onAxis }: { table: ResultsTable; colours: Record<string, string>; axisId: string | null; onAxis: (id: string) => void }) {
  const axes = tradeoffAxes(table);
  const axis = axes.find((a) => a.id === axisId) ?? axes[0];
  const points = axis ? tradeoffPoints(table.rows, axis) : [];
  const xs = axis ? chartScale(axis.metricKey) : 1;
  const xUnit = axis ? unitLabel(axis.metricKey, axis.useGap) : '';
  // The reference (retrain) is drawn last, so no method's point hides it, and as a square.
  const isReference = (p: { kind: string; rowKey: string }) => p.kind === 'retrain' || table.rows.some((r) => r.key === p.rowKey && r.baseline);
  const series = points
    .map((p) => ({ ...p, px: p.x * xs, py: p.y * 100, xErr: (p.xHalfWidth ?? 0) * xs, yErr: (p.yHalfWidth ?? 0) * 100, size: p.seconds ?? 1, reference: isReference(p) }))
    .sort((a, b) => Number(a.reference) - Number(b.reference));
  const front = series.filter((p) => p.onFront).sort((a, b) => a.px - b.px);
  const xDomain = axis ? paddedDomain(series.flatMap((p) => [p.px - p.xErr, p.px + p.xErr]), { ...metricAxisBounds(axis.metricKey, axis.useGap), minSpan: xs === 100 ? 2 : 0.02 }) : undefined;
  const yDomain = paddedDomain(series.flatMap((p) => [p.py - p.yErr, p.py + p.yErr]), { ...metricAxisBounds('accuracy.test'), minSpan: 2 });
  const legend: LegendEntry[] = [
    ...series.map((p) => ({ label: p.reference ? `${p.label} (reference)` : p.label, color: colours[p.rowKey], shape: p.reference ? ('square' as const) : ('circle' as const) })),
    { label: 'Pareto front', color: FRONT, shape: 'dashed' as const },
  ];
  return (
    <ChartFrame
      id="tradeoff"
      title="Forgetting vs utility"
      description={axis ? `${axis.label} against test accuracy; point size = run time; error bars = 95% CI over seeds${series.some((p) => p.reference) ? '; squares are the references (retrained models, or the pinned baseline), drawn on top' : ''}. Points on the dashed front are not beaten on both axes by any other. Axes cover the data only.` : undefined}
      legend={legend}
      empty={series.length ? null : 'No model has both a forgetting measure and test accuracy yet.'}
      controls={
        axes.length > 1 && axis ? (
          <Select label="Forgetting axis" value={axis.id} onChange={onAxis} options={axes.map((a) => ({ value: a.id, label: a.label }))} testId="tradeoff-axis" />
        ) : null
      }
    >
      <ScatterChart responsive style={{ width: '100%', height: 320 }} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
        {grid}
        <XAxis type="number" dataKey="px" name={axis?.label} domain={xDomain ?? ['auto', 'auto']} allowDataOverflow tickFormatter={pct} {...axisProps} label={label(`${axis?.label.replace(/ \(.*\)$/, '') ?? ''}${xUnit ? ` (${xUnit})` : ''}`, 'x')} />
        <YAxis type="number" dataKey="py" name="Test accuracy" domain={yDomain} allowDataOverflow tickFormatter={pct} {...axisProps} label={label('Test accuracy (%)', 'y')} />
        <ZAxis type="number" dataKey="size" range={[50, 400]} name="Time (s)" />
        <Tooltip
          cursor={{ strokeDasharray: '3 3' }}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as (typeof series)[number] | undefined) : undefined;
            if (!p || !axis) return null;
            return (
              <TooltipBox
                title={p.label}
                lines={[
                  `${axis.label.replace(/ \(.*\)$/, '')}: ${axis.useGap ? formatGap(axis.metricKey, p.x) : formatValue(axis.metricKey, p.x)}`,
                  `Test accuracy: ${formatValue('accuracy.test', p.y)}`,
                  p.seconds !== null ? `Time: ${formatValue('timing.seconds', p.seconds)}` : '',
                  p.onFront ? 'On the Pareto front' : 'Dominated',
                ].filter(Boolean)}
              />
            );
          }}
        />
        <Scatter name="Pareto front" data={front} line={{ stroke: FRONT, strokeWidth: 2, strokeDasharray: '6 4' }} lineType="joint" fill="none" shape={() => <g />} isAnimationActive={false} legendType="none" />
        {series.map((p) => (
          <Scatter key={p.rowKey} name={p.label} data={[p]} fill={colours[p.rowKey]} shape={p.reference ? 'square' : 'circle'} stroke={p.onFront ? FRONT : p.reference ? 'currentColor' : 'none'} strokeWidth={2} isAnimationActive={false}>
            <ErrorBar dataKey="xErr" direction="x" stroke={colours[p.rowKey]} width={4} />
            <ErrorBar dataKey="yErr" direction="y" stroke={colours[p.rowKey]} width={4} />
            <LabelList dataKey="label" position={p.reference ? 'bottom' : 'top'} offset={8} fill="currentColor" fontSize={10} />
          </Scatter>
        ))}
      </ScatterChart>
    </ChartFrame>
  );
}

function SpeedupChart({ table, colours }: { table: ResultsTable; colours: Record<string, string> }) {
  const rows = table.rows.filter((r) => r.kind === 'unlearned' && r.values['timing.speedup']?.mean != null);
  // Geometric mean with a log-scale interval: not symmetric, so the error bar has two lengths.
  const data = rows.map((r) => {
    const s = r.values['timing.speedup'];
    const mean = s.mean as number;
    return { key: r.key, name: rowName(r), speedup: mean, err: s.ciLow !== null && s.ciHigh !== null ? [mean - s.ciLow, s.ciHigh - mean] : [0, 0], colour: colours[r.key] };
  });
  const axis = logAxis(data.flatMap((d) => [d.speedup - d.err[0], d.speedup + d.err[1]]));
  return (
    <ChartFrame
      id="speedup"
      title="Speedup over retraining"
      description="time(retrain) / time(method) per seed, over the same timed phase for every model (after a warm-up); geometric mean of the per-seed ratios and its 95% interval, on a log scale. Right of the dashed 1× line = faster than retraining."
      legend={data.map((d) => ({ label: d.name, color: d.colour }))}
      empty={data.length ? null : 'No run has timings against a retrained model yet.'}
    >
      {/* Horizontal bars: each method's name sits beside its bar and stays readable on a phone. */}
      <BarChart responsive layout="vertical" style={{ width: '100%', height: Math.max(160, 60 + data.length * 34) }} data={data} margin={{ top: 24, right: 20, bottom: 30, left: 8 }}>
        {grid}
        <XAxis type="number" scale="log" domain={axis.domain} ticks={axis.ticks} tickFormatter={formatRatioTick} allowDataOverflow {...axisProps} label={label('Speedup over retraining (×, log scale)', 'x')} />
        <YAxis type="category" dataKey="name" width={Math.min(150, 12 + Math.max(...data.map((d) => d.name.length), 6) * 6)} interval={0} tickFormatter={(n: string) => (n.length > 24 ? `${n.slice(0, 23)}…` : n)} {...axisProps} />
        <ReferenceLine x={1} stroke="currentColor" strokeDasharray="4 4" label={{ value: 'retrain = 1×', fill: 'currentColor', fontSize: 11, position: 'top' }} />
        <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} content={({ active, payload }) => {
          const d = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
          return d ? <TooltipBox title={d.name} lines={[`${d.speedup.toFixed(2)}× [${(d.speedup - d.err[0]).toFixed(2)}, ${(d.speedup + d.err[1]).toFixed(2)}] (geometric mean)`]} /> : null;
        }} />
        <Bar dataKey="speedup" name="Speedup" isAnimationActive={false} shape={(props: unknown) => {
          const p = props as { x: number; y: number; width: number; height: number; payload: { colour: string } };
          return <rect x={p.x} y={p.y} width={Math.max(0, p.width)} height={p.height} fill={p.payload.colour} rx={2} />;
        }}>
          <ErrorBar dataKey="err" direction="x" width={6} stroke="currentColor" />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}

function GroupedBars({ data, rows, colours, yLabel, height = 280, xLabel }: { data: Array<Record<string, string | number | null>>; rows: ResultRow[]; colours: Record<string, string>; yLabel: string; xLabel: string; height?: number }) {
  return (
    <BarChart responsive style={{ width: '100%', height }} data={data} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
      {grid}
      <XAxis dataKey="name" {...axisProps} interval={0} label={label(xLabel, 'x')} />
      <YAxis {...axisProps} domain={[0, 100]} label={label(yLabel, 'y')} />
      <Tooltip
        cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
        content={({ active, payload, label: name }) =>
          active && payload?.length ? <TooltipBox title={String(name)} lines={payload.map((p) => `${p.name}: ${typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : '—'}`)} /> : null
        }
      />
      {rows.map((r) => (
        <Bar key={r.key} dataKey={r.key} name={rowName(r)} fill={colours[r.key]} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

function PerClassChart({ table, colours, classNames, split, onSplit }: { table: ResultsTable; colours: Record<string, string>; classNames: string[]; split: PerClassSplit; onSplit: (split: PerClassSplit) => void }) {
  const rows = table.rows.filter((r) => r.requestIndex === Math.max(0, table.requests - 1) || r.kind === 'original');
  const data = table.charts.perClass[split].map((c) => ({ name: classNames[c.classIndex] ?? c.name, ...Object.fromEntries(rows.map((r) => [r.key, c.values[r.key] === null || c.values[r.key] === undefined ? null : (c.values[r.key] as number) * 100])) }));
  return (
    <ChartFrame
      id="per-class"
      title="Per-class accuracy"
      description={`Accuracy per true class on the ${split} set, mean over seeds. A forgotten class should fall to the retrained model's level, the others stay.`}
      legend={rows.map((r) => ({ label: rowName(r), color: colours[r.key] }))}
      empty={data.length ? null : 'No per-class accuracy recorded.'}
      controls={<Select label="Split" value={split} onChange={(v) => onSplit(v as PerClassSplit)} options={['test', 'forget', 'retain'].map((s) => ({ value: s, label: s }))} testId="per-class-split" />}
    >
      <GroupedBars data={data} rows={rows} colours={colours} yLabel="Accuracy (%)" xLabel="Class" />
    </ChartFrame>
  );
}

function FairnessCharts({ table, colours }: { table: ResultsTable; colours: Record<string, string> }) {
  const gapKeys = table.metrics.filter((k) => k.startsWith('fairness.test.'));
  const rows = table.rows;
  const gapData = gapKeys.map((k) => ({ name: metricInfo(k).label.replace(/ \(test\)$/, ''), ...Object.fromEntries(rows.map((r) => [r.key, r.values[k]?.mean == null ? null : (r.values[k].mean as number) * 100])) }));
  const legend = rows.map((r) => ({ label: rowName(r), color: colours[r.key] }));
  return (
    <>
      {table.charts.fairness.map((f) => (
        <ChartFrame key={f.attribute} id={`groups-${f.attribute}`} title={`Per-group accuracy: ${f.attribute}`} description="Test accuracy per group of the sensitive attribute, mean over seeds." legend={legend}>
          <GroupedBars data={f.groups.map((g) => ({ name: g.name, ...Object.fromEntries(rows.map((r) => [r.key, g.values[r.key] == null ? null : (g.values[r.key] as number) * 100])) }))} rows={rows} colours={colours} yLabel="Accuracy (%)" xLabel="Group" />
        </ChartFrame>
      ))}
      <ChartFrame id="fairness-gaps" title="Fairness gaps" description="Largest gap between groups on the test set (accuracy, demographic parity, equalised odds), mean over seeds; lower is fairer." legend={legend} empty={gapData.length ? null : 'The dataset has no sensitive attribute, so there are no group gaps. Mark a column as sensitive in a new dataset version.'}>
        <BarChart responsive style={{ width: '100%', height: 280 }} data={gapData} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
          {grid}
          <XAxis dataKey="name" {...axisProps} interval={0} label={label('Gap', 'x')} />
          <YAxis {...axisProps} label={label('Gap (pp)', 'y')} />
          <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} content={({ active, payload, label: name }) => (active && payload?.length ? <TooltipBox title={String(name)} lines={payload.map((p) => `${p.name}: ${typeof p.value === 'number' ? `${p.value.toFixed(1)} pp` : '—'}`)} /> : null)} />
          {rows.map((r) => (
            <Bar key={r.key} dataKey={r.key} name={rowName(r)} fill={colours[r.key]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartFrame>
    </>
  );
}

function RocChart({ table, colours }: { table: ResultsTable; colours: Record<string, string> }) {
  const byKey = new Map(table.rows.map((r) => [r.key, r]));
  const series = table.charts.roc.filter((s) => byKey.has(s.rowKey));
  const retrainSeries = series.find((s) => byKey.get(s.rowKey)?.baseline) ?? series.find((s) => byKey.get(s.rowKey)?.kind === 'retrain');
  const reading = rocReading({ population: series.find((s) => s.population)?.population ?? null, retrainAuc: retrainSeries?.auc ?? null });
  return (
    <ChartFrame
      id="roc"
      title="Membership-inference ROC"
      description={`Loss-threshold attack, forget set (members) vs ${series.find((s) => s.population)?.population ?? 'the test set'} (non-members), seed ${table.charts.exampleSeed ?? '—'}. For class or subgroup forgetting the non-members are test rows of the same classes or groups, so the attack measures membership, not the class. The diagonal is a useless attack; compare each curve with the retrained model's.`}
      legend={[...series.map((s) => ({ label: `${rowName(byKey.get(s.rowKey)!)} (AUC ${s.auc.toFixed(3)})`, color: colours[s.rowKey], shape: 'line' as const })), { label: 'chance', color: '#a1a1aa', shape: 'dashed' as const }]}
      empty={series.length ? null : 'No ROC curve recorded.'}
      note={reading}
    >
      <LineChart responsive style={{ width: '100%', height: 320 }} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
        {grid}
        <XAxis type="number" dataKey="fpr" domain={[0, 1]} {...axisProps} label={label('False positive rate', 'x')} />
        <YAxis type="number" dataKey="tpr" domain={[0, 1]} {...axisProps} label={label('True positive rate', 'y')} />
        <Tooltip content={({ active, payload }) => {
          const p = active ? (payload?.[0]?.payload as { fpr: number; tpr: number } | undefined) : undefined;
          return p ? <TooltipBox title={String(payload?.[0]?.name ?? '')} lines={[`FPR ${p.fpr.toFixed(3)}`, `TPR ${p.tpr.toFixed(3)}`]} /> : null;
        }} />
        <Line data={[{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }]} dataKey="tpr" stroke="#a1a1aa" strokeDasharray="4 4" dot={false} isAnimationActive={false} name="chance" />
        {series.map((s) => (
          <Line key={s.rowKey} data={s.points.map(([fpr, tpr]) => ({ fpr, tpr }))} dataKey="tpr" name={rowName(byKey.get(s.rowKey)!)} stroke={colours[s.rowKey]} strokeWidth={2} dot={false} type="linear" isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

const SPLIT_COLOURS = { forget: '#e11d48', retain: '#3b6fd8', test: '#d97706' } as const;

/** The model and seed come from the view (the URL): dm is a row token, ds a seed. */
function DistributionCharts({ table, dm, ds, onChoose, shareApi }: { table: ResultsTable; dm: string | null; ds: number | null; onChoose: (change: { dm?: string | null; ds?: number | null }) => void; shareApi?: string }) {
  const choices = table.rows.filter((r) => r.runIds.length > 0);
  const initial = choices.find((r) => r.kind === 'unlearned') ?? choices[0];
  const row = choices.find((r) => rowToken(r.key) === dm) ?? initial;
  const seeds = row?.seeds ?? [];
  const seed = ds;
  const chosenSeed = seed !== null && seeds.includes(seed) ? seed : seeds[0];
  const runId = row ? row.runIds[seeds.indexOf(chosenSeed)] : undefined;
  const [state, setState] = useState<{ runId: string; data?: Distributions; error?: string } | null>(null);
  useEffect(() => {
    if (!row || !runId) return;
    let live = true;
    fetch(`${shareApi ?? `/api/v1/studies/${row.studyId}`}/results/distributions?runId=${encodeURIComponent(runId)}`)
      .then(async (res) => {
        const body = (await res.json()) as { distributions?: Distributions; error?: { message: string } };
        if (!live) return;
        setState(res.ok && body.distributions ? { runId, data: body.distributions } : { runId, error: body.error?.message ?? `Loading failed (${res.status}).` });
      })
      .catch(() => live && setState({ runId, error: 'Loading failed: the server did not answer.' }));
    return () => {
      live = false;
    };
  }, [row, runId, shareApi]);
  const current = state?.runId === runId ? state : null;
  const controls = (
    <>
      <Select label="Model" value={row?.key ?? ''} onChange={(key) => onChoose({ dm: rowToken(key), ds: null })} options={choices.map((r) => ({ value: r.key, label: rowName(r) }))} testId="distribution-row" />
      <Select label="Seed" value={String(chosenSeed ?? '')} onChange={(v) => onChoose({ ds: Number(v) })} options={seeds.map((s) => ({ value: String(s), label: String(s) }))} testId="distribution-seed" />
    </>
  );
  const legend: LegendEntry[] = (['forget', 'retain', 'test'] as const).map((s) => ({ label: `${s}${current?.data ? ` (${current.data.loss.counts[s]} rows)` : ''}`, color: SPLIT_COLOURS[s] }));
  const chart = (which: 'loss' | 'confidence') => {
    const h = current?.data?.[which];
    const data = h ? h.shares.forget.map((_, i) => ({ bin: (h.edges[i] + h.edges[i + 1]) / 2, from: h.edges[i], to: h.edges[i + 1], forget: h.shares.forget[i] * 100, retain: h.shares.retain[i] * 100, test: h.shares.test[i] * 100 })) : [];
    return (
      <ChartFrame
        key={which}
        id={`distribution-${which}`}
        title={which === 'loss' ? 'Loss distribution' : 'Confidence distribution'}
        description={`${which === 'loss' ? 'Per-example cross-entropy −ln p(true class)' : 'Per-example probability of the true class'} on forget, retain and test, as a share of each set${row ? `: ${rowName(row)}, seed ${chosenSeed}` : ''}. A model that forgot treats forget rows like test rows.`}
        legend={legend}
        controls={controls}
        empty={!row ? 'No finished run.' : current?.error ?? (current ? null : 'Loading the run’s per-example results…')}
      >
        <BarChart responsive style={{ width: '100%', height: 260 }} data={data} margin={{ top: 10, right: 20, bottom: 30, left: 20 }} barCategoryGap={1}>
          {grid}
          <XAxis dataKey="bin" type="category" {...axisProps} tickFormatter={(v: number) => (which === 'loss' ? v.toFixed(2) : v.toFixed(2))} label={label(which === 'loss' ? 'Loss (nats)' : 'Confidence p(true class)', 'x')} />
          <YAxis {...axisProps} label={label('Share of set (%)', 'y')} />
          <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
            return p ? <TooltipBox title={`${p.from.toFixed(3)} – ${p.to.toFixed(3)}`} lines={(['forget', 'retain', 'test'] as const).map((s) => `${s}: ${p[s].toFixed(1)}%`)} /> : null;
          }} />
          {(['forget', 'retain', 'test'] as const).map((s) => (
            <Bar key={s} dataKey={s} name={s} fill={SPLIT_COLOURS[s]} fillOpacity={0.75} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartFrame>
    );
  };
  return (
    <>
      {chart('loss')}
      {chart('confidence')}
    </>
  );
}

function BackdoorChart({ table, colours }: { table: ResultsTable; colours: Record<string, string> }) {
  const rows = table.rows.filter((r) => r.values['backdoor.attackSuccessRate']?.mean != null || r.kind === 'original');
  const data = [
    { name: 'Backdoor attack success', ...Object.fromEntries(rows.map((r) => [r.key, r.values['backdoor.attackSuccessRate']?.mean == null ? null : (r.values['backdoor.attackSuccessRate'].mean as number) * 100])) },
    { name: 'Clean test accuracy', ...Object.fromEntries(rows.map((r) => [r.key, r.values['accuracy.test']?.mean == null ? null : (r.values['accuracy.test'].mean as number) * 100])) },
  ];
  const has = table.metrics.includes('backdoor.attackSuccessRate');
  return (
    <ChartFrame
      id="backdoor"
      title="Backdoor: before and after"
      description="Share of triggered test inputs classified as the attacker's target, before (original) and after unlearning, next to clean test accuracy (breaking the model also “removes” a backdoor)."
      legend={rows.map((r) => ({ label: rowName(r), color: colours[r.key] }))}
      empty={has ? null : 'This scenario injects no backdoor trigger (label flips have no attack success rate); see forget accuracy in the table.'}
    >
      <GroupedBars data={data} rows={rows} colours={colours} yLabel="%" xLabel="Measure" />
    </ChartFrame>
  );
}

function RequestsChart({ table, colours, chosen, onMetric }: { table: ResultsTable; colours: Record<string, string>; chosen: string | null; onMetric: (metric: string) => void }) {
  const metric = chosen && table.metrics.includes(chosen) ? chosen : table.metrics.includes(AVERAGE_GAP_KEY) ? AVERAGE_GAP_KEY : (table.keyMetrics[0] ?? 'accuracy.test');
  const families = new Map<string, ResultRow[]>();
  for (const r of table.rows) {
    if (r.kind === 'original') continue;
    const fam = `${r.studyId}|${r.kind}|${r.methodId}|${JSON.stringify(r.methodConfig)}`;
    families.set(fam, [...(families.get(fam) ?? []), r]);
  }
  const scale = chartScale(metric);
  const series = [...families.values()].map((rows) => ({
    key: rows[0].key,
    name: rows[0].label,
    points: rows.filter((r) => r.values[metric]?.mean != null).map((r) => ({ request: r.requestIndex + 1, value: (r.values[metric].mean as number) * scale })),
  }));
  return (
    <ChartFrame
      id="requests"
      title="Over sequential deletion requests"
      description="Each request forgets more. Approximate methods drift from retraining as requests add up (catastrophic unlearning)."
      legend={series.map((s) => ({ label: s.name, color: colours[s.key], shape: 'line' as const }))}
      controls={<Select label="Metric" value={metric} onChange={onMetric} options={table.metrics.map((k) => ({ value: k, label: metricInfo(k).label }))} testId="requests-metric" />}
    >
      <LineChart responsive style={{ width: '100%', height: 280 }} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
        {grid}
        <XAxis type="number" dataKey="request" allowDecimals={false} domain={[1, table.requests]} {...axisProps} label={label('Request', 'x')} />
        <YAxis type="number" dataKey="value" domain={['auto', 'auto']} {...axisProps} label={label(`${metricInfo(metric).label}${unitLabel(metric) ? ` (${unitLabel(metric)})` : ''}`, 'y')} />
        <Tooltip />
        {series.map((s) => (
          <Line key={s.key} data={s.points} dataKey="value" name={s.name} stroke={colours[s.key]} strokeWidth={2} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

function CurvesChart({ table, colours }: { table: ResultsTable; colours: Record<string, string> }) {
  const byKey = new Map(table.rows.map((r) => [r.key, r]));
  const curves = table.charts.curves.filter((c) => byKey.has(c.rowKey));
  return (
    <ChartFrame
      id="curves"
      title="Training and unlearning curves"
      description={`Loss per epoch of each model, seed ${table.charts.exampleSeed ?? '—'} (originals and retrains train, methods unlearn).`}
      legend={curves.map((c) => ({ label: rowName(byKey.get(c.rowKey)!), color: colours[c.rowKey], shape: 'line' as const }))}
      empty={curves.length ? null : 'No curve recorded (reused or exact models may have none).'}
    >
      <LineChart responsive style={{ width: '100%', height: 280 }} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
        {grid}
        <XAxis type="number" dataKey="epoch" allowDecimals={false} domain={['dataMin', 'dataMax']} {...axisProps} label={label('Epoch', 'x')} />
        {/* Losses are not negative: the axis starts at 0 unless a curve (a method's own objective) goes below. */}
        <YAxis type="number" dataKey="loss" domain={[(min: number) => Math.min(0, min), 'auto']} {...axisProps} label={label('Loss', 'y')} />
        <Tooltip />
        {curves.map((c) => (
          <Line key={c.rowKey} data={c.points.map((p) => ({ epoch: p.epoch + 1, loss: p.loss }))} dataKey="loss" name={rowName(byKey.get(c.rowKey)!)} stroke={colours[c.rowKey]} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

function ImageGrid({ data, colours, shareApi }: { data: ResultsData; colours: Record<string, string>; shareApi?: string }) {
  const studyApi = shareApi ?? `/api/v1/studies/${data.studies[0]?.id}`;
  const [state, setState] = useState<{ data?: ForgetExamples; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    fetch(`${studyApi}/results/forget-examples?limit=16`)
      .then(async (res) => {
        const body = (await res.json()) as ForgetExamples & { error?: { message: string } };
        if (live) setState(res.ok ? { data: body } : { error: body.error?.message ?? `Loading failed (${res.status}).` });
      })
      .catch(() => live && setState({ error: 'Loading failed: the server did not answer.' }));
    return () => {
      live = false;
    };
  }, [studyApi]);
  const rows = data.table.rows.filter((r) => state?.data?.runs[r.key]);
  const ex = state?.data;
  const name = (c: number | null) => (c === null ? '—' : (ex?.classNames[c] ?? String(c)));
  return (
    <section className="break-inside-avoid rounded-lg border border-zinc-200 bg-white p-4 shadow-sm md:col-span-2 dark:border-zinc-800 dark:bg-zinc-900" data-testid="chart-forget-examples">
      <h3 className="text-sm font-semibold">Forget-set examples and predictions</h3>
      <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        {ex ? `${ex.items.length} of ${ex.forgetCount} forget rows, seed ${ex.seed}. Each model's predicted class; green = the true class, red = another class.` : 'Forget rows with each model’s prediction.'}
      </p>
      {state?.error ? <p className="mt-2 text-sm text-red-600 dark:text-red-400">{state.error}</p> : null}
      {!state ? <p className="mt-2 text-sm text-zinc-500">Loading…</p> : null}
      {ex ? (
        <div className="mt-3 overflow-x-auto" role="region" aria-label="Chart data" tabIndex={0}>
          <table className="text-xs" aria-label="Forget-set predictions">
            <thead>
              <tr>
                <th scope="col" className="pr-2 text-left font-medium text-zinc-500">Model</th>
                {ex.items.map((it) => (
                  <th key={it.row} scope="col" className="px-1">
                    {/* eslint-disable-next-line @next/next/no-img-element -- dataset images are small authenticated PNGs; next/image would proxy them */}
                    <img src={shareApi ? `${shareApi}/images/${it.row}` : `/api/v1/datasets/${ex.datasetId}/versions/${ex.version}/images/${it.row}`} alt={`Row ${it.row}, class ${name(it.label)}`} width={40} height={40} className="h-10 w-10 rounded-sm [image-rendering:pixelated]" />
                    <div className="mt-0.5 font-normal text-zinc-500">{name(it.label)}</div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="whitespace-nowrap pr-2 text-left font-medium">
                    <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: colours[r.key] }} aria-hidden />
                    {rowName(r)}
                  </th>
                  {ex.items.map((it) => {
                    const p = it.predictions[r.key] ?? null;
                    const ok = p === it.label;
                    return (
                      <td key={it.row} className={`px-1 text-center tabular-nums ${p === null ? 'text-zinc-400' : ok ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}`}>
                        {name(p)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/**
 * Every chart setting is part of the view, so it is in the URL. On a share link the charts that
 * load per-run data (distributions, forget-set images) load it through the share's `shareApi`
 * (/api/v1/shared/{token}) instead of the gated team routes.
 */
export function ResultsChartsGrid({ data, view, onView, shareApi }: { data: ResultsData; view: ViewState; onView: (change: Partial<ViewState>) => void; shareApi?: string }) {
  const table = data.table;
  const colours = useMemo(() => rowColours(table.rows), [table.rows]);
  const category = table.category;
  const fidelity = category === 'fidelity' || table.charts.fairness.length > 0;
  const security = category === 'security' || table.metrics.includes('backdoor.attackSuccessRate');
  return (
    <ChartSubject.Provider value={data.title}>
    <div className="grid gap-4 md:grid-cols-2 print:block print:space-y-4" data-testid="results-charts">
      <TradeoffChart table={table} colours={colours} axisId={view.x} onAxis={(x) => onView({ x })} />
      <SpeedupChart table={table} colours={colours} />
      {security ? <BackdoorChart table={table} colours={colours} /> : null}
      <PerClassChart table={table} colours={colours} classNames={data.dataset.classNames} split={view.split} onSplit={(split) => onView({ split })} />
      {fidelity ? <FairnessCharts table={table} colours={colours} /> : null}
      <RocChart table={table} colours={colours} />
      <DistributionCharts table={table} dm={view.dm} ds={view.ds} onChoose={onView} shareApi={shareApi} />
      {table.requests > 1 ? <RequestsChart table={table} colours={colours} chosen={view.rm} onMetric={(rm) => onView({ rm })} /> : null}
      <CurvesChart table={table} colours={colours} />
      {data.dataset.kind === 'image' && data.studies.length === 1 ? <ImageGrid data={data} colours={colours} shareApi={shareApi} /> : null}
    </div>
    </ChartSubject.Provider>
  );
}
