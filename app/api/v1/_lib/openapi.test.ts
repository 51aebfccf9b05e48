import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument, routeDocs } from './openapi';

const API_DIR = path.resolve(import.meta.dirname, '..');
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === 'route.ts' ? [full] : [];
  });
}

describe('OpenAPI document', () => {
  it('describes every method of every route under app/api/v1, and nothing else', async () => {
    const implemented: string[] = [];
    for (const file of routeFiles(API_DIR)) {
      const rel = path.relative(API_DIR, path.dirname(file)).split(path.sep).join('/');
      const apiPath = '/api/v1/' + rel.replace(/\[(\w+)\]/g, '{$1}');
      const source = fs.readFileSync(file, 'utf8');
      for (const m of METHODS) {
        if (new RegExp(`export (const|async function|function) ${m}\\b`).test(source)) implemented.push(`${m.toLowerCase()} ${apiPath}`);
      }
    }
    const documented = routeDocs().map((r) => `${r.method} ${r.path}`);
    expect([...documented].sort()).toEqual([...implemented].sort());
  });

  it('is valid-looking OpenAPI 3.1 with request schemas from zod', () => {
    const doc = openApiDocument('test') as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/token'].post.requestBody).toBeDefined();
  });

  it('states the body limit of every JSON route: 1 MB by default, 16 MB for scenarios', () => {
    type Operation = { requestBody?: { 'x-max-bytes'?: number; description?: string; content?: Record<string, unknown> }; responses: Record<string, unknown> };
    const doc = openApiDocument('test') as { paths: Record<string, Record<string, Operation>> };
    const token = doc.paths['/api/v1/auth/token'].post;
    expect(token.requestBody?.['x-max-bytes']).toBe(1024 * 1024);
    expect(token.requestBody?.description).toContain('LETHE_MAX_JSON_BYTES');
    expect(token.responses['413']).toBeDefined();
    expect(doc.paths['/api/v1/datasets/{datasetId}/scenarios'].post.requestBody?.['x-max-bytes']).toBe(16 * 1024 * 1024);
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        if (op.requestBody?.content?.['application/json']) expect(op.requestBody['x-max-bytes']).toBeGreaterThan(0);
      }
    }
  });
});
