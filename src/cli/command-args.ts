/**
 * One argument parser for every command (node:util parseArgs, strict): `--help` anywhere asks for the
 * command's usage; an unknown flag, a missing value or a wrong number of operands is a usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  name: string;
  /** One line for the general usage. */
  summary: string;
  /** The command's own --help text, exit status included. */
  usage: string;
  options: OptionSpec;
  /** Operands the command takes, by name (for the message when some are missing). */
  operands?: string[];
}

export type Parsed =
  | { kind: 'help' }
  | { kind: 'run'; values: Record<string, string | boolean | undefined>; operands: string[] };

export interface Command {
  spec: CommandSpec;
  /** Resolves with the exit code, or null for a server that runs until a signal stops it. */
  run(parsed: Extract<Parsed, { kind: 'run' }>): Promise<number | null>;
}

/** Exit codes shared by every command (each command's usage lists what they mean for it). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A command line the command cannot run: one line on stderr, then the command's usage; exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCommand(spec: CommandSpec, argv: string[]): Parsed {
  // Asked for anywhere, help wins over every other mistake on the line (npm, git).
  const end = argv.indexOf('--');
  if ((end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true });
  } catch (err) {
    // Node adds a hint about `--` after the first sentence: the first one is the line a user needs.
    throw new UsageError((err as Error).message.split('. To specify')[0]!);
  }
  const operands = spec.operands ?? [];
  const missing = operands.slice(parsed.positionals.length);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `<${m}>`).join(' ')}`);
  const extra = parsed.positionals.slice(operands.length);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return { kind: 'run', values, operands: parsed.positionals };
}
