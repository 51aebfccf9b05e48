import { openApiDocument } from '../_lib/openapi';
import { json } from '../_lib/handler';
import pkg from '@/package.json';

export function GET(): Response {
  return json(openApiDocument(pkg.version));
}
