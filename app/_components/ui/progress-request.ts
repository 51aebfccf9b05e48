/**
 * Browser side of the API's long requests (dataset uploads, new versions). XMLHttpRequest rather
 * than fetch because only XHR reports upload progress (`upload.onprogress`), and its
 * `responseText` grows while the server streams NDJSON, so the processing phase shows live too.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface ServerProgress {
  phase: string;
  bytes: number;
  rows: number;
}

export type RequestOutcome<T> = { ok: true; status: number; result: T } | { ok: false; status: number; error: ApiErrorBody };

export interface ProgressRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  body: FormData | string;
  contentType?: string;
  /** Bytes of the request body sent so far. */
  onUpload?: (sent: number, total: number) => void;
  /** The server's `{"type":"progress"}` lines. */
  onServer?: (progress: ServerProgress) => void;
}

export interface RunningRequest<T> {
  done: Promise<RequestOutcome<T>>;
  abort: () => void;
}

type NdjsonLine =
  | { type: 'progress'; phase?: string; bytes?: number; rows?: number }
  | { type: 'done'; status: number; result: unknown }
  | { type: 'error'; status: number; error: ApiErrorBody };

function isLine(value: unknown): value is NdjsonLine {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function networkError(message: string): ApiErrorBody {
  return { code: 'network', message };
}

export function sendWithProgress<T>(req: ProgressRequest): RunningRequest<T> {
  const xhr = new XMLHttpRequest();
  let consumed = 0;
  let final: RequestOutcome<T> | null = null;

  // Reads the complete lines that arrived since the last call; a partial last line waits.
  const readLines = () => {
    const text = xhr.responseText;
    let newline = text.indexOf('\n', consumed);
    while (newline !== -1) {
      const line = text.slice(consumed, newline).trim();
      consumed = newline + 1;
      newline = text.indexOf('\n', consumed);
      if (!line) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      if (!isLine(parsed)) continue;
      if (parsed.type === 'progress') req.onServer?.({ phase: parsed.phase ?? 'processing', bytes: parsed.bytes ?? 0, rows: parsed.rows ?? 0 });
      else if (parsed.type === 'done') final = { ok: true, status: parsed.status, result: parsed.result as T };
      else if (parsed.type === 'error') final = { ok: false, status: parsed.status, error: parsed.error };
    }
  };

  const done = new Promise<RequestOutcome<T>>((resolve) => {
    xhr.open(req.method, req.url);
    xhr.setRequestHeader('Accept', 'application/x-ndjson');
    if (req.contentType) xhr.setRequestHeader('Content-Type', req.contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) req.onUpload?.(e.loaded, e.total);
    };
    xhr.upload.onload = () => {
      // Some browsers skip the last progress event of a small body; the body is fully sent here.
      req.onUpload?.(1, 1);
    };
    xhr.onprogress = () => {
      if ((xhr.getResponseHeader('Content-Type') ?? '').includes('ndjson')) readLines();
    };
    xhr.onload = () => {
      const type = xhr.getResponseHeader('Content-Type') ?? '';
      if (type.includes('ndjson')) {
        // Appending a newline flushes a last line the server did not end with one.
        readLines();
        if (!final && xhr.responseText.slice(consumed).trim()) {
          try {
            const last: unknown = JSON.parse(xhr.responseText.slice(consumed));
            if (isLine(last) && last.type === 'done') final = { ok: true, status: last.status, result: last.result as T };
            if (isLine(last) && last.type === 'error') final = { ok: false, status: last.status, error: last.error };
          } catch {
            /* handled below as an incomplete answer */
          }
        }
        resolve(final ?? { ok: false, status: xhr.status, error: networkError('The server stopped answering before the upload finished. Try again.') });
        return;
      }
      // Refusals before the work starts (401/403/404, a malformed body) come as plain JSON.
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      const error = (body as { error?: ApiErrorBody } | null)?.error;
      if (xhr.status >= 200 && xhr.status < 300 && !error) resolve({ ok: true, status: xhr.status, result: body as T });
      else resolve({ ok: false, status: xhr.status, error: error ?? networkError(`The server answered ${xhr.status}.`) });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, error: networkError('The connection failed. Check your network and try again.') });
    xhr.onabort = () => resolve({ ok: false, status: 0, error: { code: 'aborted', message: 'Upload cancelled.' } });
    xhr.send(req.body);
  });

  return { done, abort: () => xhr.abort() };
}

/**
 * Field errors of an API error, keyed by the form's field names: `options.name` and `name` both
 * become `name` (the upload's options part and the service's name check use different paths).
 */
export function fieldErrorsOf(error: ApiErrorBody): Record<string, string> {
  const out: Record<string, string> = {};
  const strip = (field: string) => field.replace(/^options\./, '');
  const issues = error.details?.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      const { field, message } = issue as { field?: unknown; message?: unknown };
      if (typeof field === 'string' && field && typeof message === 'string') out[strip(field)] ??= message;
    }
  }
  const field = error.details?.field;
  if (typeof field === 'string' && field) out[strip(field)] ??= error.message;
  return out;
}
