/**
 * `sitewire listen --state-file`: the id of the last event forwarded (or given up on), kept as the SSE id
 * string received, so a restarted listen resumes after it with Last-Event-ID.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UsageError } from './command-args';

/** The id stored in the file; undefined when there is no file yet. */
export function readStateFile(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw new UsageError(`--state-file ${path}: ${(err as Error).message}`);
  }
  try {
    const id = (JSON.parse(text) as { last_event_id?: unknown }).last_event_id;
    if (typeof id === 'string' && id !== '') return id;
  } catch {
    // reported below
  }
  throw new UsageError(`--state-file ${path} is not a sitewire listen state file (expected {"last_event_id": "..."})`);
}

/** Written beside and renamed over the old file: a crash mid-write leaves the previous id, never half of one. */
export function writeStateFile(path: string, lastEventId: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ last_event_id: lastEventId })}\n`);
  renameSync(temp, path);
}
