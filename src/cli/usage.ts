// What `--help` prints: the overview, and each command's own usage (`<command> --help`).
import { VERSION } from '../version.ts';

export const COMMANDS = ['run', 'validate', 'init', 'merge', 'emulator', 'pull', 'generate'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const USAGE = `cxone-flow-test ${VERSION}: test NICE CXone IVR flows.

Usage:
  cxone-flow-test init                            write a starter flow, scenarios and workflow here
  cxone-flow-test run [--<input> <value> ...]     run scenarios (flags mirror the action's inputs)
  cxone-flow-test validate [--scenarios <globs>] [--flows <globs>]
                                                  check scenario and flow files, make no calls
  cxone-flow-test merge <report> [<report> ...]   join shard reports into one report and conclusion
  cxone-flow-test emulator --flows <glob> [--port N] [options]
                                                  serve the Flow Debug API emulator on loopback
  cxone-flow-test pull --script-path 'Folder\\Name' [--out <file>]
                                                  save a Studio script from CXone as JSON here
  cxone-flow-test generate --flows <globs> --out <dir> [--flow <id> ...]
                                                  write a covering scenario suite for each flow
  cxone-flow-test <command> --help                that command's flags
  cxone-flow-test --version

Quote globs ('cxone-tests/**/*.yaml') so the shell passes them on unexpanded.
Exit status: 0 success, 1 failure, 2 usage error.
`;

const RUN = `Usage: cxone-flow-test run [--<input> <value> ...]

Runs the scenarios against CXone (the default) or the built-in emulator, prints the results table and
writes the report. Every input of the action is a flag (README: Inputs); the common ones:

  --scenarios <globs>        scenario files (default: cxone-tests/**/*.yaml, cxone-tests/**/*.yml)
  --target api|emulator      CXone, or the built-in emulator (needs --flows)
  --flows <globs>            flow definition files
  --base-url <url>           your region's API gateway (default: https://api-us-1.cxone.com)
  --report-path <file>       YAML report (default: cxone-flow-report.yaml)
  --json-report-path <file>  --junit-path <file>   the report as JSON, and as JUnit XML
  --sarif-path <file>        flow findings and failing scenarios as SARIF 2.1.0, for code scanning
  --fail-on <kinds>          mismatch,loop,error (the default) or none
  --concurrency <n>          scenarios at once (default 4)
  --tags <tags>              run scenarios with one of these tags; !tag leaves them out (smoke,!slow)
  --grep <pattern>           run scenarios whose name matches this regular expression
  --only-failures            the results table lists only failing and erroring scenarios
  --update                   rewrite the expect of each failing scenario (and of each expect: record)
                             to what the run observed; the rest of each file stays byte for byte

Credentials come from the environment, so they stay out of your shell history:
  CXONE_CLIENT_ID, CXONE_CLIENT_SECRET            (auth client-credentials, the default)
  CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET    (--auth access-key)

Examples:
  cxone-flow-test run --target emulator --flows 'cxone-flows/**/*.yaml' --scenarios 'cxone-tests/**/*.yaml'
  CXONE_CLIENT_ID=… CXONE_CLIENT_SECRET=… cxone-flow-test run --base-url https://api-eu-1.cxone.com
`;

const VALIDATE = `Usage: cxone-flow-test validate [--scenarios <globs>] [--flows <globs>]

Loads and checks the scenario and flow files as a run does, and makes no call: no credentials needed.
Prints each problem as file:line: error: key: message and exits 1 when there is one, 0 otherwise.
It takes run's flags, so a run's command line validates with 'run' replaced by 'validate'.

  --scenarios <globs>   scenario files (default: cxone-tests/**/*.yaml, cxone-tests/**/*.yml)
  --flows <globs>       flow definition files (schema, references, unreachable nodes, loops)

Example:
  cxone-flow-test validate --scenarios 'cxone-tests/**/*.yaml' --flows 'cxone-flows/**/*.yaml'
`;

const INIT = `Usage: cxone-flow-test init

Writes into the current directory a starter flow (cxone-flows/main-menu.yaml), scenarios that pass
against it on the emulator (cxone-tests/main-menu.yaml) and a workflow that runs them on every pull
request (.github/workflows/ivr-flows.yml). It never overwrites: if one of them exists, it writes
nothing and exits 2 naming it. It prints the command that runs the scenarios.
`;

const MERGE = `Usage: cxone-flow-test merge <report> [<report> ...] [--report-path <file>] [--json-report-path <file>]
                            [--sarif-path <file>]

Joins the reports of a sharded run (files or quoted globs, YAML or JSON) into one report and one
conclusion, and prints the results table.

  --report-path <file>       the merged YAML report (default: cxone-flow-report.yaml)
  --json-report-path <file>  the merged report as JSON too
  --sarif-path <file>        the merged findings as SARIF 2.1.0, for one code scanning upload

Example:
  cxone-flow-test merge 'reports/*.yaml' --report-path merged.yaml
`;

const EMULATOR = `Usage: cxone-flow-test emulator --flows <glob> [options]

Serves the Flow Debug API emulator for your own tools until Ctrl+C or SIGTERM.

  --flows <globs>             flow definition files (repeatable, or comma-separated)
  --port <n>                  default 8080; 0 picks a free port
  --host <addr>               default 127.0.0.1 (another address warns: it is a test double)
  --client-id <id> --client-secret <secret>   the accepted credentials (default: any)
  --token-lifetime <seconds>  --scopes <scopes>  --latency <ms>  --rate-limit <requests per second>
  --fault <kind:count>        repeatable: 429:3, 503:2, reset:1, invalid-json:1, 500:1, slow:1

Example:
  cxone-flow-test emulator --flows 'cxone-flows/*.yaml' --port 8080
`;

const PULL = `Usage: cxone-flow-test pull --script-path <path> [--out <file>] [--force] [options]

Reads one Studio script from CXone's Admin API (GET …/scripts?scriptPath=, as public integrations call
it: not a documented endpoint) and writes its JSON exactly as CXone sent it, for a team whose scripts are
not under Studio's version control. It only reads: it never writes to CXone.

  --script-path <path>   the script's folder path, folders separated by backslashes and relative to
                         the business unit's root folder: 'Sales\\Main IVR' (quote it for the shell)
  --out <file>           where to write it, inside the current directory
                         (default: the script path with / for \\, plus .json: Sales/Main IVR.json)
  --force                replace the file if it exists (without it, an existing file is an error)
  --base-url <url>  --token-url <url>  --auth client-credentials|access-key  --scope <scopes>
                         as for run; also --max-retries, --request-timeout, --max-response-mb,
                         --max-requests-per-second, --allow-insecure-http

Credentials come from the environment, as for run:
  CXONE_CLIENT_ID, CXONE_CLIENT_SECRET (and CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET for --auth access-key)

Examples:
  cxone-flow-test pull --base-url https://api-eu-1.cxone.com --script-path 'Sales\\Main IVR'
  cxone-flow-test pull --base-url http://127.0.0.1:8080 --script-path 'Sales\\Main IVR' --out studio/main.json
`;

const GENERATE = `Usage: cxone-flow-test generate --flows <globs> --out <dir> [--flow <id> ...]

Explores each flow (flow definitions and Studio scripts) on the emulator's engine and writes, per flow,
one scenario file that takes every connector it can with few scenarios: keys, words, initial variables,
mocks and clocks found by the search, expectations (path, exit, variables the flow set) recorded from
what the emulator did. Connectors no scenario takes are listed in the file and on stderr, with why.
The same flows give the same files. Review them before you keep them: they say what the flow does,
not what it should do.

  --flows <globs>   flow definition files and Studio scripts (repeatable, or comma-separated)
  --flow <id>       only this flow, by id or alias (repeatable; default: every flow loaded)
  --out <dir>       the folder for the files, inside the current directory; a file there is replaced
                    only if generate wrote it

Example:
  cxone-flow-test generate --flows 'cxone-flows/**/*.yaml' --out cxone-tests/generated
`;

export const COMMAND_USAGE: Record<CommandName, string> = {
  run: RUN,
  validate: VALIDATE,
  init: INIT,
  merge: MERGE,
  emulator: EMULATOR,
  pull: PULL,
  generate: GENERATE,
};

export function isCommand(name: string | undefined): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name ?? '');
}
