'use client';
/**
 * A titled chart card with its legend and PNG/SVG downloads. Recharts draws the plot as SVG but
 * its legend as HTML, so the legend here is our own (the same entries for screen and file) and
 * the download appends it, with the title, to a copy of the chart's SVG. Text in the charts uses
 * currentColor; the copy gets the card's computed text and background colours, so a download
 * from the dark theme looks like the screen. PNG: the SVG drawn on a canvas at 2x.
 */
import { createContext, useContext, useRef, useState, type ReactNode } from 'react';
import { chartFileName } from '@/lib/results/export';

export interface LegendEntry {
  label: string;
  color: string;
  /** 'line' draws a dash, 'dashed' a dashed line, otherwise a square. */
  shape?: 'square' | 'line' | 'dashed' | 'circle';
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** What the charts are of (the study or comparison title): downloads are named after it and the chart. */
export const ChartSubject = createContext('');

function download(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The chart's SVG with title and legend added, colours resolved, as standalone markup. */
export function serialiseChart(frame: HTMLElement, title: string, legend: LegendEntry[]): { svg: string; width: number; height: number } | null {
  const source = frame.querySelector<SVGSVGElement>('svg.recharts-surface');
  if (!source) return null;
  const style = getComputedStyle(frame);
  const text = style.color || '#18181b';
  const background = getComputedStyle(frame.closest('section') ?? frame).backgroundColor || '#ffffff';
  const box = source.getBoundingClientRect();
  const chartW = Math.max(1, Math.round(box.width));
  const chartH = Math.max(1, Math.round(box.height));
  const titleH = 28;
  const perRow = Math.max(1, Math.floor(chartW / 170));
  const legendH = legend.length ? Math.ceil(legend.length / perRow) * 18 + 8 : 0;
  const width = chartW;
  const height = titleH + chartH + legendH;

  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', 'ui-sans-serif, system-ui, sans-serif');
  svg.style.color = text;
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('fill', background);
  svg.appendChild(bg);
  const heading = document.createElementNS(SVG_NS, 'text');
  heading.setAttribute('x', '8');
  heading.setAttribute('y', '19');
  heading.setAttribute('font-size', '14');
  heading.setAttribute('font-weight', '600');
  heading.setAttribute('fill', text);
  heading.textContent = title;
  svg.appendChild(heading);
  const plot = source.cloneNode(true) as SVGSVGElement;
  plot.setAttribute('x', '0');
  plot.setAttribute('y', String(titleH));
  plot.setAttribute('width', String(chartW));
  plot.setAttribute('height', String(chartH));
  // currentColor inside the copy must resolve without the page's CSS.
  plot.style.color = text;
  svg.appendChild(plot);
  legend.forEach((entry, i) => {
    const x = 8 + (i % perRow) * 170;
    const y = titleH + chartH + 8 + Math.floor(i / perRow) * 18;
    const mark = document.createElementNS(SVG_NS, 'rect');
    mark.setAttribute('x', String(x));
    mark.setAttribute('y', String(y + (entry.shape === 'line' || entry.shape === 'dashed' ? 5 : 2)));
    mark.setAttribute('width', '12');
    mark.setAttribute('height', entry.shape === 'line' || entry.shape === 'dashed' ? '3' : '10');
    mark.setAttribute('fill', entry.color);
    svg.appendChild(mark);
    const label = document.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(x + 17));
    label.setAttribute('y', String(y + 11));
    label.setAttribute('font-size', '11');
    label.setAttribute('fill', text);
    label.textContent = entry.label.length > 26 ? entry.label.slice(0, 25) + '…' : entry.label;
    svg.appendChild(label);
  });
  const markup = new XMLSerializer().serializeToString(svg).replace(/currentColor/g, text);
  return { svg: markup, width, height };
}

async function toPng(svg: string, width: number, height: number): Promise<string> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, width, height);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function LegendList({ entries }: { entries: LegendEntry[] }) {
  if (!entries.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300" aria-label="Legend">
      {entries.map((e) => (
        <li key={e.label} className="flex items-center gap-1.5">
          {e.shape === 'line' || e.shape === 'dashed' ? (
            <span aria-hidden className="inline-block h-0 w-4 border-t-2" style={{ borderColor: e.color, borderStyle: e.shape === 'dashed' ? 'dashed' : 'solid' }} />
          ) : (
            <span aria-hidden className={`inline-block h-2.5 w-2.5 ${e.shape === 'circle' ? 'rounded-full' : 'rounded-sm'}`} style={{ background: e.color }} />
          )}
          {e.label}
        </li>
      ))}
    </ul>
  );
}

export function ChartFrame({
  id,
  title,
  description,
  legend = [],
  controls,
  children,
  empty,
  note,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  legend?: LegendEntry[];
  controls?: ReactNode;
  children: ReactNode;
  /** Shown instead of the chart (and no downloads) when there is nothing to draw. */
  empty?: string | null;
  /** How to read the chart, shown under it (only when there is a chart). */
  note?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const subject = useContext(ChartSubject);
  const [error, setError] = useState<string | null>(null);
  const save = async (kind: 'svg' | 'png') => {
    setError(null);
    const frame = ref.current;
    const result = frame ? serialiseChart(frame, title, legend) : null;
    if (!result) return setError('Nothing to download yet.');
    try {
      if (kind === 'svg') {
        const url = URL.createObjectURL(new Blob([result.svg], { type: 'image/svg+xml' }));
        download(url, chartFileName(subject, id, 'svg'));
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      } else {
        download(await toPng(result.svg, result.width, result.height), chartFileName(subject, id, 'png'));
      }
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section className="break-inside-avoid rounded-lg border border-zinc-200 bg-white p-4 shadow-sm print:shadow-none dark:border-zinc-800 dark:bg-zinc-900" data-testid={`chart-${id}`} aria-labelledby={`chart-${id}-title`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={`chart-${id}-title`} className="text-sm font-semibold">
            {title}
          </h3>
          {description ? <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{description}</p> : null}
        </div>
        {empty ? null : (
          <div className="flex gap-1 print:hidden">
            <button type="button" className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" onClick={() => void save('png')} aria-label={`Download ${title} as PNG`}>
              PNG
            </button>
            <button type="button" className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" onClick={() => void save('svg')} aria-label={`Download ${title} as SVG`}>
              SVG
            </button>
          </div>
        )}
      </div>
      {controls ? <div className="mt-2 flex flex-wrap items-center gap-3 text-xs print:hidden">{controls}</div> : null}
      {error ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p> : null}
      {empty ? (
        <p className="mt-3 text-sm text-zinc-500" data-testid="chart-empty">
          {empty}
        </p>
      ) : (
        <div ref={ref} className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="chart-body">
          {children}
          <LegendList entries={legend} />
          {note ? (
            <p className="mt-2 text-xs text-zinc-700 dark:text-zinc-300" data-testid={`chart-${id}-note`}>
              {note}
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}
