/** What `sitewire <argv>` does, decided without side effects: print something and exit, or run a command. */
import { EXIT, parseCommand, UsageError, type Command, type CommandSpec, type Parsed } from './command-args';
import { VERSION } from '../version';

export type Decision =
  | { kind: 'print'; stream: 'stdout' | 'stderr'; text: string; code: number }
  | { kind: 'run'; command: Command; parsed: Extract<Parsed, { kind: 'run' }> };

export const EXIT_CODES = `exit status:
  0  success (or --help, --version)
  1  the command ran and failed: a watched build failed, the relay refused the stream, bad configuration
  2  usage error (unknown command or flag, missing value), or the relay could not be used
`;

export function generalUsage(commands: Record<string, Command>): string {
  const lines = Object.values(commands).map((c) => `  ${c.spec.name.padEnd(13)}  ${c.spec.summary}`);
  return `usage: sitewire <command> [options]
       sitewire <command> --help
       sitewire --version

${lines.join('\n')}

${EXIT_CODES}`;
}

export function decide(argv: string[], commands: Record<string, Command>): Decision {
  const [name = 'serve', ...args] = argv;
  if (name === '--version' || name === '-v') {
    return { kind: 'print', stream: 'stdout', text: `${VERSION}\n`, code: EXIT.ok };
  }
  // Asking for help succeeds (exit 0, on stdout); an unknown command is a usage error (exit 2, on stderr).
  if (['help', '--help', '-h'].includes(name)) {
    const topic = name === 'help' && args[0] ? commands[args[0]] : undefined;
    return { kind: 'print', stream: 'stdout', text: topic ? topic.spec.usage : generalUsage(commands), code: EXIT.ok };
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const text = `sitewire: unknown command ${JSON.stringify(name)}\n\n${generalUsage(commands)}`;
    return { kind: 'print', stream: 'stderr', text, code: EXIT.usage };
  }
  try {
    const parsed = parseCommand(command.spec, args);
    if (parsed.kind === 'help') return { kind: 'print', stream: 'stdout', text: command.spec.usage, code: EXIT.ok };
    return { kind: 'run', command, parsed };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return usageError(command.spec, err.message);
  }
}

export function usageError(spec: CommandSpec, message: string): Decision & { kind: 'print' } {
  const text = `sitewire ${spec.name}: ${message}\n\n${spec.usage}`;
  return { kind: 'print', stream: 'stderr', text, code: EXIT.usage };
}
