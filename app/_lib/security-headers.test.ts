import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { pageContentSecurityPolicy, STATIC_SECURITY_HEADERS } from './security-headers';

describe('security headers', () => {
  it('sets no-framing, nosniff and same-origin referrer for every path in next.config', async () => {
    type HeaderRule = { source: string; headers: Array<{ key: string; value: string }> };
    const configUrl = pathToFileURL(path.resolve(import.meta.dirname, '../../next.config.mjs')).href;
    const { default: nextConfig } = (await import(/* @vite-ignore */ configUrl)) as { default: { headers(): Promise<HeaderRule[]> } };
    const all = (await nextConfig.headers()).find((r) => r.source === '/:path*');
    expect(Object.fromEntries((all?.headers ?? []).map((h) => [h.key, h.value]))).toEqual(STATIC_SECURITY_HEADERS);
  });

  it('gives each page answer a CSP with a fresh nonce, no eval in production, and no framing', () => {
    const first = proxy(new NextRequest('http://localhost:3000/share/some-token'));
    const second = proxy(new NextRequest('http://localhost:3000/share/some-token'));
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(second.headers.get('content-security-policy')).not.toBe(csp);
    // Next.js reads the nonce from the request's CSP header to put it on its scripts.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(first.headers.get('strict-transport-security')).toBeNull();
  });

  it('allows eval only in development', () => {
    expect(pageContentSecurityPolicy({ nonce: 'n', development: true, https: false })).toContain("'unsafe-eval'");
    expect(pageContentSecurityPolicy({ nonce: 'n', development: false, https: false })).not.toContain("'unsafe-eval'");
  });

  it('adds HSTS over HTTPS, for pages and API answers', () => {
    expect(proxy(new NextRequest('https://lethe.example/teams')).headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    const behindProxy = proxy(new NextRequest('http://localhost:3000/api/v1/me', { headers: { 'x-forwarded-proto': 'https' } }));
    expect(behindProxy.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });

  it('gives API answers a CSP that lets nothing run or frame them', () => {
    const csp = proxy(new NextRequest('http://localhost:3000/api/v1/me')).headers.get('content-security-policy');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
