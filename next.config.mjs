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
};

export default nextConfig;
