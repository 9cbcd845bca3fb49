/** The content `filter` on the wire (docs/api.md#content-filters): a JSON body field and a `filter=` query parameter. */
import { z } from '@hono/zod-openapi';
import { CONTENT_FILTER_LIMITS, contentFilterIssues, type ContentFilter } from '../core/content-filter';

const Value = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const DESCRIPTION =
  'Content filter: an event path (`data.status`, `data.metadata.customer`, `type`) mapped to a value or a list of' +
  ` accepted values; every key must match. At most ${CONTENT_FILTER_LIMITS.keys} keys of` +
  ` ${CONTENT_FILTER_LIMITS.values} values; paths are dot-separated segments of letters, digits, _ and -.`;

/** Checked by the same rule stream tokens are (core/content-filter.ts). */
export const ContentFilterSchema = z
  .record(z.string(), z.union([Value, z.array(Value)]))
  .superRefine((value, ctx) => {
    for (const issue of contentFilterIssues(value)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .openapi('ContentFilter', { description: DESCRIPTION, example: { 'data.metadata.customer': 'acme' } });

/** `filter=` as URL-encoded JSON; absent or `{}` = no content filter. */
export const filterQueryParam = z
  .string()
  .max(8000)
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected URL-encoded JSON' });
      return z.NEVER;
    }
  })
  .pipe(ContentFilterSchema)
  .transform((f): ContentFilter | undefined => (Object.keys(f).length ? f : undefined))
  .optional()
  .openapi({ type: 'string', description: `${DESCRIPTION} Given as URL-encoded JSON.` });
