/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/wasm packages are loaded by Node at run time, not bundled (PGlite's wasm, TF.js's wasm).
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pg-boss',
    'postgres',
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-cpu',
    '@tensorflow/tfjs-node',
    // native CPU binary loaded by Node at run time (evaluation engine, lib/ml/onnx)
    'onnxruntime-node',
    'bcryptjs',
  ],
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403: the gate's 403 for pages.
    authInterrupts: true,
    serverActions: { bodySizeLimit: '4mb' },
  },
  poweredByHeader: false,
  // A checkout whose node_modules is a symlink out of the project (git worktrees sharing one
  // install) needs Turbopack's root widened to a folder holding both: LETHE_TURBOPACK_ROOT.
  ...(process.env.LETHE_TURBOPACK_ROOT ? { turbopack: { root: process.env.LETHE_TURBOPACK_ROOT } } : {}),
  // On every answer, static files included (the same values as STATIC_SECURITY_HEADERS in
  // app/_lib/security-headers.ts; the per-request CSP and HSTS are set in proxy.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
