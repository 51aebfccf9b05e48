import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument, routeDocs } from './openapi';

type Doc = { openapi: string; info: Record<string, unknown>; paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };

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
    const doc = openApiDocument('test') as unknown as { paths: Record<string, Record<string, Operation>> };
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

  it('declares the success answer of every route: a response schema for JSON, media types for files and streams', () => {
    for (const r of routeDocs()) {
      const codes = Array.isArray(r.success) ? r.success : [r.success];
      if (codes.every((c) => c === 204)) continue;
      expect(r.response !== undefined || (r.media?.length ?? 0) > 0, `${r.method} ${r.path} declares no response`).toBe(true);
    }
  });

  it('route files answer JSON only through respond(), which ties the body to the declared schema', () => {
    const files = [...routeFiles(API_DIR), path.join(API_DIR, 'comments/handlers.ts')];
    const bare = files.filter((f) => /(^|[^.\w])json\(/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(API_DIR, f));
    expect(bare).toEqual([]);
  });

  it('is structurally valid OpenAPI 3.1: every $ref resolves, operationIds are unique, path parameters are declared', () => {
    const doc = openApiDocument('test') as unknown as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBe('test');
    for (const name of Object.keys(doc.components.schemas)) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);

    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
          // An embedded schema's own $defs or $schema would not resolve inside the document.
          expect(k === '$defs' || k === '$schema', `a schema keeps ${k}`).toBe(false);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(100);
    const resolve = (ref: string): unknown => {
      expect(ref.startsWith('#/'), ref).toBe(true);
      return ref
        .slice(2)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
    };
    const unresolved = [...new Set(refs)].filter((r) => resolve(r) === undefined);
    expect(unresolved).toEqual([]);

    const ids = new Set<string>();
    for (const [p, methods] of Object.entries(doc.paths)) {
      const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method} ${p}`;
        const id = op.operationId as string;
        expect(ids.has(id), `${where}: operationId ${id} repeats`).toBe(false);
        ids.add(id);
        const declared = ((op.parameters ?? []) as Array<{ name: string; in: string; required: boolean }>).filter((x) => x.in === 'path');
        expect(declared.map((x) => x.name).sort(), where).toEqual(templated);
        expect(declared.every((x) => x.required)).toBe(true);
        const responses = op.responses as Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
        expect(Object.keys(responses).some((c) => /^2\d\d$/.test(c)), `${where} has no success answer`).toBe(true);
        for (const [code, res] of Object.entries(responses)) {
          expect(typeof res.description, `${where} ${code}`).toBe('string');
          for (const [media, content] of Object.entries(res.content ?? {})) expect(content.schema, `${where} ${code} ${media}`).toBeDefined();
        }
      }
    }
  });

  it('publishes every JSON answer as a named component built from its zod schema, shared parts under one name', () => {
    const doc = openApiDocument('test') as unknown as Doc;
    const schemaOf = (p: string, method: string, code = '200') =>
      (doc.paths[p][method].responses as Record<string, { content: Record<string, { schema: { $ref: string } }> }>)[code].content['application/json'].schema.$ref;
    expect(schemaOf('/api/v1/studies/{studyId}', 'get')).toBe('#/components/schemas/Study');
    expect(schemaOf('/api/v1/runs/{runId}/cancel', 'post')).toBe('#/components/schemas/Run');
    expect(schemaOf('/api/v1/me', 'get')).toBe('#/components/schemas/GetMeResponse');
    const study = doc.components.schemas.Study as { properties: Record<string, unknown>; required: string[] };
    expect(study.properties.runs).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Run' } });
    expect(study.required).toContain('createdAt');
    expect(study.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
    const results = doc.components.schemas.Results as { properties: Record<string, unknown> };
    expect(results.properties.table).toEqual({ $ref: '#/components/schemas/ResultsTable' });
    // Files and streams: their media types, no JSON.
    const events = doc.paths['/api/v1/studies/{studyId}/events'].get.responses as Record<string, { content: Record<string, unknown> }>;
    expect(Object.keys(events['200'].content)).toEqual(['text/event-stream']);
    const exported = doc.paths['/api/v1/studies/{studyId}/export'].get.responses as Record<string, { content: Record<string, unknown> }>;
    expect(Object.keys(exported['200'].content).sort()).toEqual(['application/json', 'text/csv']);
    const upload = doc.paths['/api/v1/teams/{teamId}/datasets'].post.responses as Record<string, { content: Record<string, unknown> }>;
    expect(Object.keys(upload['201'].content)).toEqual(['application/json']);
    expect(Object.keys(upload['200'].content)).toEqual(['application/x-ndjson']);
  });
});

