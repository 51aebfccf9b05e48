/**
 * Runs before every page and API answer (not static build files):
 * - passes the requested path to server components (as x-lethe-path) so a signed-out visitor is
 *   sent to sign-in and then back to where they were going;
 * - sets the Content-Security-Policy with a fresh nonce (Next.js reads it from the request and
 *   puts the nonce on its scripts) and, over HTTPS, Strict-Transport-Security.
 * No authorization happens here: the gate in lib/auth does that for every page, action and API route.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { API_CONTENT_SECURITY_POLICY, HSTS_VALUE, newNonce, pageContentSecurityPolicy } from '@/app/_lib/security-headers';

function servedOverHttps(request: NextRequest): boolean {
  // A forged X-Forwarded-Proto can only add HSTS to a plain-HTTP answer, where browsers ignore it.
  return request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export function proxy(request: NextRequest) {
  const https = servedOverHttps(request);
  const isApi = request.nextUrl.pathname.startsWith('/api/');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-lethe-path', request.nextUrl.pathname + request.nextUrl.search);
  const csp = isApi
    ? API_CONTENT_SECURITY_POLICY
    : pageContentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV === 'development', https });
  if (!isApi) requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', HSTS_VALUE);
  return response;
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
