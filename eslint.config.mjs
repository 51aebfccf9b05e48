import nextVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';
import drizzle from 'eslint-plugin-drizzle';

const config = [
  ...nextVitals,
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle },
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      // An update or delete without where() rewrites a whole table; refuse it (from create-t3-app).
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Layers import downwards only; a cycle means two modules should be one, or a type belongs lower.
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // Playwright fixtures call their argument `use`, which is not React's hook.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  { ignores: ['node_modules/', '.next/', '.data/', 'drizzle/', 'next-env.d.ts', 'test-results/', 'playwright-report/', 'public/', '.ci/out/'] },
];

export default config;
