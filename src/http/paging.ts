/**
 * Cursor paging for the list routes: ask the store for one row more than the
 * page, so `next_cursor` is set only when another page really follows.
 */
import { z } from '@hono/zod-openapi';

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** `rows` holds up to limit + 1 rows, as fetched with `limit + 1`. */
export function toPage<R extends { id: string }, J>(
  rows: R[],
  limit: number,
  toJson: (row: R) => J,
): { data: J[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  return { data: page.map(toJson), next_cursor: rows.length > limit ? page.at(-1)!.id : null };
}
