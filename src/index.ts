import { run } from './main.ts';

await run();
// Exit now rather than when the event loop drains: Node's teardown closes the signal handlers first, so a
// late SIGTERM from the runner (it follows SIGINT by 7.5 s) in that window killed a run that had ended cleanly.
process.exit();
