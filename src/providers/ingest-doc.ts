/**
 * What a provider's ingest route documents in /openapi.json: its body (the provider's own zod
 * schemas, shown but not enforced there: the signature is checked over the raw bytes first, then
 * the adapter parses) and its credentials.
 */
import type { z } from 'zod';

export interface ParameterDoc {
  name: string;
  in: 'header' | 'query';
  required: boolean;
  description: string;
  schema: { type: 'string' };
  [extension: `x-${string}`]: unknown;
}

export interface IngestDoc {
  description: string;
  /** The name the body is registered under in components/schemas. */
  component: string;
  body: z.ZodType;
  parameters: ParameterDoc[];
  /** The WWW-Authenticate challenge of a 401 from this route (RFC 7235): how the provider authenticates. */
  challenge: string;
}

export const header = (name: string, description: string, required = true): ParameterDoc => ({
  name,
  in: 'header',
  required,
  description,
  schema: { type: 'string' },
});

export const queryParam = (name: string, description: string, required = false): ParameterDoc => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});
