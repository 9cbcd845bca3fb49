/** Every `sitewire` command, in the order the general usage lists them. */
import { ADMIN_TOKEN_COMMAND } from './admin-token';
import type { Command } from './command-args';
import { DEMO_COMMAND } from './demo';
import { LISTEN_COMMAND } from './listen';
import { SERVE_COMMAND } from './serve';
import { WATCH_COMMAND } from './watch';

export const COMMANDS: Record<string, Command> = {
  serve: SERVE_COMMAND,
  'admin-token': ADMIN_TOKEN_COMMAND,
  watch: WATCH_COMMAND,
  demo: DEMO_COMMAND,
  listen: LISTEN_COMMAND,
};
