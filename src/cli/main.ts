/** The `sitewire` command line (README: The command line): data on stdout, errors on stderr, exit 0/1/2. */
import { UsageError } from './command-args';
import { COMMANDS } from './commands';
import { decide, usageError } from './dispatch';

const print = (d: { stream: 'stdout' | 'stderr'; text: string; code: number }): never => {
  process[d.stream].write(d.text);
  process.exit(d.code);
};

const decision = decide(process.argv.slice(2), COMMANDS);
if (decision.kind === 'print') print(decision);
else {
  try {
    const code = await decision.command.run(decision.parsed);
    if (code !== null) process.exit(code);
  } catch (err) {
    // A value the parser let through but the command cannot use (a bad URL, no token) is a usage error too.
    if (!(err instanceof UsageError)) throw err;
    print(usageError(decision.command.spec, err.message));
  }
}
