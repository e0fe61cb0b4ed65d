// The CLI's entry, built to dist/cli.js (the package's `bin`): it always runs main, however it is
// started (node dist/cli.js, the node_modules/.bin link, npx). Tests import main from commands.ts.
import './node-version.ts';
import { main } from './commands.ts';

// Exit now, not when the loop drains: Node's teardown closes the signal handlers first, so a late signal
// there would kill a run that had ended (exit code null instead of its own).
process.exit(await main(process.argv.slice(2)));
