'use client';
/**
 * Charts of a dataset version's stored statistics (recharts renders in the browser only).
 * Axis text uses currentColor so the wrapper's light/dark text colour applies; the bar colour
 * is a mid blue that reads on both backgrounds.
 */
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';

const BAR = '#3b6fd8';

interface ClassCount {
  name: string;
  count: number;
}

interface Bin {
  start: number;
  end: number;
  count: number;
}

function short(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}

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

export function ClassBalanceChart({ classes, total }: { classes: ClassCount[]; total: number }) {
  const data = classes.map((c) => ({ ...c, share: total > 0 ? c.count / total : 0 }));
  // Many classes: vertical tick labels would collide, so they are shown only when they fit.
  const showTicks = classes.length <= 30;
  return (
    <div data-testid="class-balance-chart" className="text-zinc-600 dark:text-zinc-400">
      <BarChart
        responsive
        style={{ width: '100%', height: 260 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 28, left: 16 }}
        title="Rows per class"
        desc={classes.map((c) => `${c.name}: ${c.count} rows`).join('; ')}
      >
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis
          dataKey="name"
          tick={showTicks ? { fill: 'currentColor', fontSize: 12 } : false}
          stroke="currentColor"
          interval={0}
          label={{ value: 'Class', position: 'insideBottom', offset: -16, fill: 'currentColor', fontSize: 12 }}
        />
        <YAxis
          allowDecimals={false}
          tick={{ fill: 'currentColor', fontSize: 12 }}
          stroke="currentColor"
          label={{ value: 'Rows', angle: -90, position: 'insideLeft', offset: -4, fill: 'currentColor', fontSize: 12 }}
        />
        <Tooltip
          cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
          content={({ active, payload }) => {
            const item = active ? (payload?.[0]?.payload as (ClassCount & { share: number }) | undefined) : undefined;
            return item ? <TooltipBox title={item.name} lines={[`${item.count.toLocaleString('en')} rows`, `${(item.share * 100).toFixed(1)}% of the version`]} /> : null;
          }}
        />
        <Bar dataKey="count" name="Rows" fill={BAR} radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}

/** A small histogram for one numeric column in the column-summary table. */
export function MiniHistogram({ column, bins }: { column: string; bins: Bin[] }) {
  if (bins.length === 0) return <span className="text-xs text-zinc-500">no values</span>;
  const first = bins[0];
  const last = bins[bins.length - 1];
  return (
    <div role="img" aria-label={`Histogram of ${column}: ${bins.length} bins from ${short(first.start)} to ${short(last.end)}`} className="text-zinc-500">
      <BarChart width={160} height={36} data={bins} margin={{ top: 2, right: 0, bottom: 0, left: 0 }} barCategoryGap={1} accessibilityLayer={false}>
        <Tooltip
          cursor={{ fill: 'currentColor', fillOpacity: 0.1 }}
          allowEscapeViewBox={{ x: true, y: true }}
          wrapperStyle={{ zIndex: 10 }}
          content={({ active, payload }) => {
            const bin = active ? (payload?.[0]?.payload as Bin | undefined) : undefined;
            return bin ? <TooltipBox title={`${short(bin.start)} to ${short(bin.end)}`} lines={[`${bin.count.toLocaleString('en')} rows`]} /> : null;
          }}
        />
        <Bar dataKey="count" fill={BAR} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
