/** Each provider's ingest docs, as the providers declare them (providers/ingest-doc.ts). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { PROVIDERS } from '../../providers';
import type { IngestDoc } from '../../providers/ingest-doc';
import type { AppEnv } from '../env';

export const INGEST_DOCS: Record<string, IngestDoc> = Object.fromEntries(PROVIDERS.map((p) => [p.name, p.ingestDoc]));

/** Registers each documented provider body under components/schemas. */
export function registerIngestSchemas(app: OpenAPIHono<AppEnv>) {
  // A clone: a schema built before @hono/zod-openapi was loaded lacks the .openapi() register calls.
  for (const p of PROVIDERS) app.openAPIRegistry.register(p.ingestDoc.component, p.ingestDoc.body.clone());
}
