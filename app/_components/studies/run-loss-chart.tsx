'use client';
/**
 * Loss curves of a run (recharts renders in the browser only). The live detail carries per-step
 * losses while training and per-epoch losses at epoch ends; the table shows a small sparkline,
 * the run page and the expanded row a full chart with labelled axes. Text uses currentColor so
 * the surrounding light/dark text colour applies; the line colours read on both backgrounds.
 */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurvePoint, LossPoint } from './study-format';

const STEP_COLOUR = '#3b6fd8';
const EPOCH_COLOUR = '#d97706';

function short(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e4 || abs < 1e-3)) return n.toExponential(1);
  return String(Number(n.toPrecision(3)));
}

const PHASE_COLOURS = [EPOCH_COLOUR, '#0d9488', '#db2777', STEP_COLOUR];

type Series = { axis: 'step' | 'epoch' | 'update'; phases: string[]; data: Array<Record<string, number>> };

/**
 * What to plot. Training reports a loss per step with increasing step numbers: the richest live
 * picture. Unlearning methods report per-epoch losses by phase (SCRUB alternates max and min
 * steps), and their per-update losses carry no step number, so the epoch curve is preferred and
 * the update order is the last resort.
 */
function seriesOf(losses: LossPoint[], curve: CurvePoint[]): Series | null {
  const increasing = losses.length >= 2 && losses.every((p, i) => i === 0 || p.step > losses[i - 1].step);
  if (increasing) return { axis: 'step', phases: ['loss'], data: losses.map((p) => ({ x: p.step, loss: p.loss })) };
  if (curve.length >= 1) {
    const phases = [...new Set(curve.map((c) => c.phase || 'loss'))];
    return { axis: 'epoch', phases, data: curve.map((c) => ({ x: c.epoch + 1, [c.phase || 'loss']: c.loss })) };
  }
  if (losses.length >= 2) return { axis: 'update', phases: ['loss'], data: losses.map((p, i) => ({ x: i + 1, loss: p.loss })) };
  return null;
}

const AXIS_LABELS: Record<Series['axis'], string> = { step: 'Step', epoch: 'Epoch', update: 'Update (in order)' };

export function RunLossSparkline({ losses, curve, label }: { losses: LossPoint[]; curve: CurvePoint[]; label: string }) {
  const series = seriesOf(losses, curve);
  if (!series || series.data.length < 2) return <span className="text-xs text-zinc-400">—</span>;
  const lastRow = series.data[series.data.length - 1];
  const last = series.phases.map((p) => lastRow[p]).find((v) => v !== undefined) ?? NaN;
  return (
    <div className="flex items-center gap-2 text-zinc-500 dark:text-zinc-400" data-testid="loss-sparkline">
      <LineChart width={96} height={28} data={series.data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }} title={`${label}: loss`} desc={`${series.data.length} loss values by ${AXIS_LABELS[series.axis].toLowerCase()}, latest ${short(last)}`}>
        <YAxis hide domain={['auto', 'auto']} />
        <XAxis hide dataKey="x" type="number" domain={['dataMin', 'dataMax']} />
        {series.phases.map((p, i) => (
          <Line key={p} type="monotone" dataKey={p} stroke={series.axis === 'epoch' ? PHASE_COLOURS[i % PHASE_COLOURS.length] : STEP_COLOUR} strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
      <span className="tabular-nums text-xs" title="Latest loss">
        {short(last)}
      </span>
    </div>
  );
}

export function RunLossChart({ losses, curve, title }: { losses: LossPoint[]; curve: CurvePoint[]; title: string }) {
  const series = seriesOf(losses, curve);
  if (!series) return <p className="text-sm text-zinc-500">No loss values recorded yet.</p>;
  const axis = AXIS_LABELS[series.axis];
  return (
    <div className="text-zinc-600 dark:text-zinc-400" data-testid="loss-chart">
      <LineChart
        responsive
        style={{ width: '100%', height: 220 }}
        data={series.data}
        margin={{ top: 8, right: 16, bottom: 28, left: 16 }}
        title={title}
        desc={`Loss over ${series.data.length} recorded values by ${axis.toLowerCase()}${series.phases.length > 1 ? `, one line per phase: ${series.phases.join(', ')}` : ''}`}
      >
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />
        <XAxis
          dataKey="x"
          type="number"
          domain={['dataMin', 'dataMax']}
          allowDecimals={false}
          stroke="currentColor"
          tick={{ fill: 'currentColor', fontSize: 12 }}
          label={{ value: axis, position: 'insideBottom', offset: -16, fill: 'currentColor', fontSize: 12 }}
        />
        <YAxis
          stroke="currentColor"
          tick={{ fill: 'currentColor', fontSize: 12 }}
          tickFormatter={short}
          domain={['auto', 'auto']}
          label={{ value: 'Loss', angle: -90, position: 'insideLeft', offset: 0, fill: 'currentColor', fontSize: 12 }}
        />
        <Tooltip
          formatter={(value, name) => [short(Number(value)), String(name)]}
          labelFormatter={(x) => `${axis.toLowerCase()} ${x}`}
          contentStyle={{ background: '#fff', color: '#18181b', fontSize: 12, borderRadius: 6 }}
        />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        {series.phases.map((p, i) => (
          <Line
            key={p}
            type="monotone"
            dataKey={p}
            name={series.axis === 'step' ? 'training loss per step' : series.axis === 'epoch' ? (p === 'loss' || p === 'train' ? 'loss per epoch' : `${p} loss`) : 'loss per update'}
            stroke={series.axis === 'epoch' ? PHASE_COLOURS[i % PHASE_COLOURS.length] : STEP_COLOUR}
            strokeWidth={2}
            dot={series.data.length <= 30}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
}
