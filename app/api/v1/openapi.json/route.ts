import { openApiDocument, openApiDocumentSchema } from '../_lib/openapi';
import { respond } from '../_lib/handler';
import pkg from '@/package.json';

export function GET(): Response {
  return respond(openApiDocumentSchema, openApiDocument(pkg.version));
}
