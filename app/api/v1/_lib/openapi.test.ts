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
});
