/**
 * Passes the requested path to server components (as x-lethe-path) so a signed-out visitor is
 * sent to sign-in and then back to where they were going. No authorization happens here: the
 * gate in lib/auth does that for every page, action and API route.
 */
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-lethe-path', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = { matcher: ['/((?!api/|_next/|favicon.ico).*)'] };
