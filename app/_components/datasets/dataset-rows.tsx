'use client';
/**
 * The rows of one dataset version, a page at a time, from the rows API (cells arrive as strings
 * already neutralised against spreadsheet formula injection). Image datasets show the images
 * themselves, served as PNG by the images API, with their labels.
 */
import { useEffect, useState } from 'react';
import { buttonClass } from '@/app/_components/ui/ui';

interface RowsPage {
  columns: string[];
  rows: Array<{ id: number; split: 'train' | 'test'; cells: string[] }>;
  total: number;
}

type Loaded = { offset: number; page: RowsPage } | { offset: number; error: string };

export function DatasetRows({ datasetId, version, kind, total, pageSize = 25 }: { datasetId: string; version: number; kind: 'tabular' | 'image'; total: number; pageSize?: number }) {
  const [offset, setOffset] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const base = `/api/v1/datasets/${datasetId}/versions/${version}`;

  useEffect(() => {
    const controller = new AbortController();
    fetch(`${base}/rows?offset=${offset}&limit=${pageSize}`, { signal: controller.signal })
      .then(async (res) => {
        const body = (await res.json()) as RowsPage | { error: { message: string } };
        setLoaded('error' in body ? { offset, error: body.error.message } : { offset, page: body });
      })
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'AbortError') setLoaded({ offset, error: 'The rows could not be loaded. Check your connection and try again.' });
      });
    return () => controller.abort();
  }, [base, offset, pageSize]);

  // Loading is derived (the page shown belongs to another offset), so no state is set in the effect body.
  const loading = loaded === null || loaded.offset !== offset;
  const page = loaded && 'page' in loaded ? loaded.page : null;
  const last = Math.min(total, offset + pageSize);
  const pageNumber = Math.floor(offset / pageSize) + 1;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  const pager = (
    <nav aria-label={kind === 'image' ? 'Image pages' : 'Row pages'} className="flex flex-wrap items-center gap-2 text-sm">
      <button type="button" className={buttonClass('secondary', 'sm')} disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
        Previous
      </button>
      <span className="tabular-nums text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="rows-range">
        {total === 0 ? 'No rows' : `Rows ${(offset + 1).toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')}`} · page {pageNumber} of {pages}
      </span>
      <button type="button" className={buttonClass('secondary', 'sm')} disabled={last >= total} onClick={() => setOffset(offset + pageSize)}>
        Next
      </button>
      {loading ? <span className="text-xs text-zinc-500">Loading…</span> : null}
    </nav>
  );

  if (loaded && 'error' in loaded && !loading) {
    return (
      <div className="space-y-3">
        {pager}
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {loaded.error}
        </p>
      </div>
    );
  }

  return (
    <div className={`space-y-3 ${loading && page ? 'opacity-60' : ''}`} aria-busy={loading}>
      {pager}
      {page && kind === 'image' ? (
        <ul className="grid grid-cols-3 gap-3 sm:grid-cols-5 lg:grid-cols-8" data-testid="image-grid">
          {page.rows.map((r) => (
            <li key={r.id} className="rounded-md border border-zinc-200 p-1.5 text-center text-xs dark:border-zinc-800">
              {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated API image; next/image would proxy it without the session */}
              <img
                src={`${base}/images/${r.id}`}
                alt={`Row ${r.id}, class ${r.cells.join(' ')}`}
                loading="lazy"
                className="mx-auto aspect-square w-full max-w-24 bg-zinc-100 [image-rendering:pixelated] dark:bg-zinc-800"
              />
              <div className="mt-1 truncate font-medium">{r.cells.join(' ')}</div>
              <div className="text-zinc-500">
                #{r.id} · {r.split}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {page && kind === 'tabular' ? (
        <div className="relative max-h-[32rem] overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800" role="region" aria-label="Rows" tabIndex={0}>
          <table className="w-full text-left text-xs" aria-label="Rows" data-testid="rows-table">
            <thead className="sticky top-0 bg-zinc-50 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  row
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  split
                </th>
                {page.columns.map((c) => (
                  <th key={c} scope="col" className="whitespace-nowrap px-2 py-1.5 font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 font-mono dark:divide-zinc-800">
              {page.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="px-2 py-1 font-normal tabular-nums text-zinc-500">
                    {r.id}
                  </th>
                  <td className={`px-2 py-1 ${r.split === 'test' ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-500'}`}>{r.split}</td>
                  {r.cells.map((cell, i) => (
                    <td key={i} className="whitespace-nowrap px-2 py-1">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
