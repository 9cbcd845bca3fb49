/**
 * Which due watches go out together (docs/provider-notes.md#batch-polling): watches of a kind the
 * provider's batch endpoint takes share a request, up to its id limit; the others, and a kind with
 * a single due watch, get one request each. One poll task serves one provider key, so grouping by
 * kind groups by key and kind. Pure: the order of the due list (hinted first, then the longest
 * overdue) is kept by each unit's first watch.
 */
import type { Kind } from '../../core/status';

export interface BatchRules {
  readonly kinds: readonly Kind[];
  readonly maxIds: number;
}

export type PollUnit<W> = { kind: 'single'; watch: W } | { kind: 'batch'; resourceKind: Kind; watches: W[] };

export function planPolls<W extends { kind: Kind }>(due: readonly W[], rules: BatchRules | null): PollUnit<W>[] {
  const groups: { kind: Kind; watches: W[]; batchable: boolean }[] = [];
  const open = new Map<Kind, W[]>();
  for (const w of due) {
    const batchable = !!rules && rules.maxIds > 1 && rules.kinds.includes(w.kind);
    const current = batchable ? open.get(w.kind) : undefined;
    if (current && current.length < rules!.maxIds) {
      current.push(w);
      continue;
    }
    const watches = [w];
    groups.push({ kind: w.kind, watches, batchable });
    if (batchable) open.set(w.kind, watches);
  }
  return groups.map((g) =>
    g.batchable && g.watches.length > 1
      ? { kind: 'batch', resourceKind: g.kind, watches: g.watches }
      : { kind: 'single', watch: g.watches[0]! },
  );
}
