#!/usr/bin/env node
'use strict';
// `npm start` after the builds: starts the emulator, the functions and the Flex
// host, seeds a callback and a voicemail, prints where to look, and on Ctrl-C
// (SIGINT) or SIGTERM stops every process group it started.
// Ports: EMULATOR_PORT (3001), FUNCTIONS_PORT (3000), FLEX_PORT (8080).
// SEED_DEMO=0 skips the demo tasks.

const path = require('node:path');
const fs = require('node:fs');
const { startStack, portsFromEnv, PATHS } = require('../src/stack');
const { seedDemo } = require('../src/seed');

async function main() {
  const ports = portsFromEnv();
  const logDir = path.join(PATHS.root, 'local', 'run');
  fs.rmSync(logDir, { recursive: true, force: true });
  if (!fs.existsSync(PATHS.pluginBundle)) {
    console.warn(`warning: ${path.relative(PATHS.root, PATHS.pluginBundle)} is missing; the host will say the plugin did not load.`);
  }
  console.log('starting the emulator, the functions and the Flex host…');
  const stack = await startStack({ ports, logDir, echo: true });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  for (const child of stack.children) {
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${child.label} exited unexpectedly (${code ?? signal}); see ${child.logFile}`);
        stop('child exit');
      }
    });
  }

  if (process.env.SEED_DEMO !== '0') {
    const seeded = await seedDemo(stack);
    console.log(`seeded a callback (${seeded.callbackTaskSid}) and a voicemail (${seeded.voicemailTaskSid}, recording ${seeded.recordingSid})`);
  }
  console.log(`
  Agent desktop (Flex host):  ${stack.urls.flex}/
  Simulated caller:           ${stack.urls.flex}/caller
  Twilio Functions:           ${stack.urls.functions}
  Twilio API emulator:        ${stack.urls.emulator}  (state: ${stack.urls.emulator}/__control/state)
  Logs:                       ${path.relative(process.cwd(), logDir) || logDir}/

  Press Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(`local stack: ${err.message}`);
  process.exit(1);
});
