/** The `sitewire` command line (README: From a terminal; Forward events to your laptop). */
import { adminTokenCommand } from './admin-token';
import { demoCommand } from './demo';
import { listenCommand } from './listen';
import { serveCommand } from './serve';
import { watchCommand } from './watch';
import { VERSION } from '../version';

const USAGE = `usage: sitewire <command>
       sitewire --version

  serve          start the relay (Node, embedded SQLite)
  admin-token    print the admin token stored in the database
  watch <provider> <id> [--kind k] [--url u] [--token t]
                 follow one build live until it ends (exit 0 complete, 1 failed)
  demo           the relay with simulated Warpweb and Lindo builds: the whole flow in a minute
  listen         --url <relay> --token <t> --forward-to <local url> [--types a,b] [--secret whsec_...]
                 forward the relay's events to a local URL, signed the Standard Webhooks way
`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  serve: () => serveCommand(),
  'admin-token': () => adminTokenCommand(),
  watch: (args) => watchCommand(args),
  demo: () => demoCommand(),
  listen: (args) => listenCommand(args),
};

const [name = 'serve', ...args] = process.argv.slice(2);
if (name === '--version' || name === '-v') {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
const command = commands[name];
// Asking for help succeeds (exit 0, on stdout); an unknown command is a usage error (exit 2, on stderr).
if (['help', '--help', '-h'].includes(name) || (command && (args.includes('--help') || args.includes('-h')))) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!command) {
  process.stderr.write(`sitewire: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
  process.exit(2);
}
await command(args);
