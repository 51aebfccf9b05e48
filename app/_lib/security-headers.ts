/**
 * Security headers for every answer. The static ones (no framing, no MIME sniffing, no
 * cross-origin Referer: share tokens live in URLs) are set for all paths in next.config.mjs;
 * the per-request ones (the Content-Security-Policy with a fresh nonce, HSTS over HTTPS) are
 * set by proxy.ts, which passes the CSP on to Next.js so it puts the nonce on its own scripts.
 */

/** Mirrors next.config.mjs `headers()`; a test keeps the two equal. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/** 128 random bits, base64: a fresh script nonce per page answer. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy for pages: scripts only with this answer's nonce (and what they load, through
 * 'strict-dynamic'); no eval outside development (React's dev tooling needs it there); styles
 * may be inline (React style attributes and Next.js' style tags carry no nonce); nothing may
 * frame the app; forms post only to it.
 */
export function pageContentSecurityPolicy(options: { nonce: string; development: boolean; https: boolean }): string {
  const scripts = [`'self'`, `'nonce-${options.nonce}'`, `'strict-dynamic'`, ...(options.development ? [`'unsafe-eval'`] : [])];
  const directives = [
    `default-src 'self'`,
    `script-src ${scripts.join(' ')}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self'`,
    `connect-src 'self'${options.development ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** API answers are data, never documents: nothing may run, load or frame them. */
export const API_CONTENT_SECURITY_POLICY = `default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
