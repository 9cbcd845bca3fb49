/**
 * Lindo's workflow status answer (docs/provider-notes.md#lindo-status-api): documented flat, seen by the
 * SDKs nested under `result`; the id has been record_id, workflow_id and
 * instance_id; a website's details sit in `result` (or beside the status).
 */
import { z } from 'zod';
import { text } from '../schema-fields';

const count = z.number().int().nonnegative();

export const pageSchema = z.looseObject({
  slug: text,
  path: text,
  status: text,
  page_id: text,
  error_message: text,
  error: text,
});

export const pagesSummarySchema = z.looseObject({
  total: count,
  complete: count.default(0),
  running: count.default(0),
  errored: count.default(0),
});

export const statusObjectSchema = z.looseObject({
  success: z.boolean().nullish(),
  done: z.boolean().nullish(),
  status: z.string(),
  record_id: text,
  workflow_id: text,
  instance_id: text,
  message: text,
  poll_after_ms: z.number().nonnegative().nullish(),
  error: z.union([z.string(), z.looseObject({ code: text, message: text })]).nullish(),
});

export const detailsSchema = z.looseObject({
  website_id: text,
  home_page_id: text,
  page_id: text,
  blog_id: text,
  pages_summary: pagesSummarySchema.nullish(),
  pages: z.array(pageSchema).nullish(),
});

export type LindoStatusObject = z.output<typeof statusObjectSchema>;
export type LindoDetails = z.output<typeof detailsSchema>;
export type LindoPage = z.output<typeof pageSchema>;
