#!/usr/bin/env node
'use strict';

// CLI: starts the Twilio API emulator on 127.0.0.1.
//   twilio-emulator [--port N] [--account-sid AC…] [--auth-token T] [--workspace-sid WS…] [--seed file.json]
// Environment: EMULATOR_PORT (default 3001), EMULATOR_ACCOUNT_SID, EMULATOR_AUTH_TOKEN,
// EMULATOR_WORKSPACE_SID, EMULATOR_SEED (path of a seed JSON file).

const fs = require('node:fs');
const { startEmulator } = require('../src');

const USAGE = `Usage: twilio-emulator [--port N] [--account-sid AC...] [--auth-token TOKEN]
                       [--workspace-sid WS...] [--seed seed.json]
Env: EMULATOR_PORT (default 3001), EMULATOR_ACCOUNT_SID, EMULATOR_AUTH_TOKEN,
     EMULATOR_WORKSPACE_SID, EMULATOR_SEED`;

function parseArgs(argv) {
  const out = {};
  const names = { '--port': 'port', '--account-sid': 'accountSid', '--auth-token': 'authToken', '--workspace-sid': 'workspaceSid', '--seed': 'seed' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const key = names[flag];
    if (!key) throw new Error(`unknown argument ${arg}`);
    const value = inline !== undefined ? inline : argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    out[key] = value;
  }
  return out;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(args.port || process.env.EMULATOR_PORT || 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid port ${args.port || process.env.EMULATOR_PORT}`);
    process.exit(2);
  }
  const seedPath = args.seed || process.env.EMULATOR_SEED;
  const seed = seedPath ? JSON.parse(fs.readFileSync(seedPath, 'utf8')) : undefined;
  const emulator = await startEmulator({
    port,
    accountSid: args.accountSid || process.env.EMULATOR_ACCOUNT_SID || undefined,
    authToken: args.authToken || process.env.EMULATOR_AUTH_TOKEN || undefined,
    workspaceSid: args.workspaceSid || process.env.EMULATOR_WORKSPACE_SID || undefined,
    seed,
  });
  console.log(`Twilio emulator listening on ${emulator.url}`);
  console.log(`  account SID:   ${emulator.accountSid}`);
  console.log(`  workspace SID: ${emulator.workspaceSid}`);
  if (emulator.defaultWorkflowSid) console.log(`  workflow SID:  ${emulator.defaultWorkflowSid} (task queue ${emulator.defaultTaskQueueSid})`);
  console.log(`  control:       ${emulator.url}/__control/state`);

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping`);
    emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
