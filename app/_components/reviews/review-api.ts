/**
 * Browser calls of the review panels (comments, review status, share links) to /api/v1 with the
 * session cookie: one JSON helper that turns the API's error shape into a message to show.
 */

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export async function apiJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, message: 'The server could not be reached. Check your connection and try again.' };
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `The request failed (${res.status}).`;
    return { ok: false, status: res.status, message };
  }
  return { ok: true, data: body as T };
}

/** Dates arrive as ISO strings; shown in UTC like every other page (formatDate in ui.tsx). */
export function isoMinute(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '—';
}

export type ReviewStatusName = 'none' | 'in_review' | 'approved' | 'changes_requested';

/** Shared by the client control and server pages (this module has no 'use client'). */
export const REVIEW_STATUS_LABELS: Record<ReviewStatusName, string> = {
  none: 'Not reviewed',
  in_review: 'In review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
};
