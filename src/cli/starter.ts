// What `cxone-flow-test init` writes: a flow the emulator runs, scenarios that pass against it, and a
// workflow that runs them. `__tests__/cli-init.test.ts` runs them, so they stay true.
const SCHEMA = 'https://raw.githubusercontent.com/cxone-flow-test/cxone-flow-test/v0/schemas';

export const STARTER_FLOW_GLOB = 'cxone-flows/**/*.yaml';
export const STARTER_SCENARIO_GLOB = 'cxone-tests/**/*.yaml';

const FLOW = `# yaml-language-server: $schema=${SCHEMA}/flow.schema.json
# A starter flow for the built-in emulator, written by \`cxone-flow-test init\`: a menu with two options.
# Replace it with your own flow definitions (README: Flow definitions), or delete cxone-flows/ and run
# the scenarios against CXone with the flow's real flowId.
id: starter-main-menu
name: Starter main menu
start: node_start
nodes:
  node_start: { type: Start, next: node_welcome }
  node_welcome: { type: Play, prompt: "Thank you for calling.", next: node_menu }
  node_menu:
    type: GatherInput
    variable: selected_option
    prompt: "For sales, press 1. For support, press 2."
    options: { "1": node_route_sales, "2": node_route_support }
    intents: { sales: node_route_sales, support: node_route_support }
    noMatch: node_goodbye
    noInput: node_goodbye
  node_route_sales: { type: Route, target: queue_sales, next: node_exit }
  node_route_support: { type: Route, target: queue_support, next: node_exit }
  node_goodbye: { type: Play, prompt: "Goodbye.", next: node_exit }
  node_exit: { type: Exit }
`;

const SCENARIOS = `# yaml-language-server: $schema=${SCHEMA}/scenario.schema.json
# Scenarios for cxone-flows/main-menu.yaml, written by \`cxone-flow-test init\` (README: Scenario files).
flow: starter-main-menu
scenarios:
  - name: Pressing 1 reaches sales
    input: { dtmf: "1" }
    expect:
      path: [node_start, node_welcome, node_menu, node_route_sales, node_exit]
      exit: node_exit
      variables:
        selected_option: "1"

  - name: Asking for support reaches support
    input: { speech: "I need support with my order" }
    expect:
      path: { contains: [node_route_support], excludes: [node_route_sales] }
      exit: node_exit

  - name: Silence says goodbye
    input: { dtmf: "" }
    expect:
      path: { endsWith: [node_goodbye, node_exit] }
      variables:
        selected_option: { exists: false }
`;

const WORKFLOW = `# Written by \`cxone-flow-test init\`: runs the scenarios in cxone-tests/ on every pull request and push
# to main, on the built-in emulator against the flows in cxone-flows/ (no credentials needed).
# Against CXone instead: add the CXONE_CLIENT_ID and CXONE_CLIENT_SECRET secrets, remove
# \`target: emulator\` and uncomment the lines below (README: Quick start).
name: IVR flows
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  flows:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: cxone-flow-test/cxone-flow-test@v0
        with:
          target: emulator
          flows: ${STARTER_FLOW_GLOB}
          scenarios: ${STARTER_SCENARIO_GLOB}
          # client-id: \${{ secrets.CXONE_CLIENT_ID }}
          # client-secret: \${{ secrets.CXONE_CLIENT_SECRET }}
          # base-url: https://api-us-1.cxone.com   # your region's gateway
`;

export interface StarterFile {
  path: string;
  what: string;
  text: string;
}

export const STARTER_FILES: readonly StarterFile[] = [
  { path: 'cxone-flows/main-menu.yaml', what: 'a starter flow the emulator runs', text: FLOW },
  { path: 'cxone-tests/main-menu.yaml', what: '3 scenarios that pass against it', text: SCENARIOS },
  { path: '.github/workflows/ivr-flows.yml', what: 'runs them on every pull request', text: WORKFLOW },
];
