'use strict';
// npm run deploy: each step reads what the account has, says what it would
// change, and (unless it is a dry run) changes it. Running it twice changes
// nothing the second time; a run that stopped halfway resumes, since every
// step finds what an earlier run made by its name; nothing is deleted.

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { loadCore } = require('@cbvm/core');
const { readEnvFile } = require('./env-file');
const { readOptions } = require('./options');
const { twilioClient, serverlessClient } = require('./clients');
const { deployWorkflow } = require('./steps/taskrouter');
const { deployHoldWorkflow, deployEventCallback } = require('./steps/holds');
const { deployFunctions } = require('./steps/functions');
const { deploySync } = require('./steps/sync');
const { deployStudio } = require('./steps/studio');
const { deployPlugin, rollbackPlugin } = require('./steps/plugin');
const { deployFlexConfiguration } = require('./steps/flex-configuration');

const ROOT = path.join(__dirname, '../..');
const DEFAULT_BUNDLE = path.join(ROOT, 'plugin/dist/plugin-callback-and-voicemail.js');

// A step's lines are printed under its heading, without repeating it.
const underHeading = (what) => what.replace(/^[^:]+: /, '');

function context({ options, dryRun, out }) {
  const report = { changed: [], unchanged: [], planned: [] };
  return {
    options,
    dryRun,
    report,
    state: {},
    unchanged(what) {
      report.unchanged.push(what);
      out(`  = ${underHeading(what)} (unchanged)`);
    },
    async change(what, apply) {
      if (dryRun) {
        report.planned.push(what);
        out(`  + would ${underHeading(what)}`);
        return undefined;
      }
      out(`  + ${underHeading(what)}`);
      const result = await apply();
      report.changed.push(what);
      if (result) out(`    done: ${result}`);
      return result;
    },
  };
}

function ensureBundle(options, out) {
  const bundle = options.pluginBundle ? path.resolve(options.pluginBundle) : DEFAULT_BUNDLE;
  if (!fs.existsSync(bundle)) {
    if (options.pluginBundle) throw new Error(`CBVM_PLUGIN_BUNDLE: no file at ${bundle}.`);
    out('Building the plugin (npm run build -w plugin) ...');
    execFileSync('npm', ['run', 'build', '-w', 'plugin', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return bundle;
}

/**
 * CALLING_WINDOW (the functions' setting) checked by the core before anything
 * is sent: a window the functions would refuse is refused here, naming the field.
 */
function checkCallingWindow(core, env) {
  const text = (env.CALLING_WINDOW || '').trim();
  if (!text) return;
  let window;
  try {
    window = JSON.parse(text);
  } catch {
    throw new Error('CALLING_WINDOW must be a JSON object such as {"timeZone": "America/New_York", "weekly": {"mon": [["08:00", "18:00"]]}}.');
  }
  try {
    core.callingWindow({ window, now: new Date().toISOString() });
  } catch (err) {
    throw new Error(`CALLING_WINDOW: ${err.message}`);
  }
}

/**
 * Runs the deploy. `env` is the env file's contents; returns the report
 * ({ changed, unchanged, planned } descriptions) and what it learned (state).
 */
async function deploy({ env, dryRun = false, rollback = false, out = console.log }) {
  const options = readOptions(env);
  const ctx = context({ options, dryRun, out });
  ctx.client = twilioClient(options);
  ctx.serverless = serverlessClient(options);
  ctx.core = await loadCore();
  checkCallingWindow(ctx.core, env);
  const where = options.apiBaseUrl ? `the emulator at ${options.apiBaseUrl}` : `account ${options.accountSid}${options.region ? ` (${options.region}${options.edge ? `, ${options.edge}` : ''})` : ''}`;
  out(`${dryRun ? 'Plan for' : 'Deploying to'} ${where}${rollback ? ': rollback of the Flex plugin' : ''}`);
  if (rollback) {
    await rollbackPlugin(ctx);
    return { report: ctx.report, state: ctx.state };
  }
  ctx.state.pluginBundle = ensureBundle(options, out);
  // The functions carry the core as private assets: vendor the built core first.
  execFileSync(process.execPath, [path.join(ROOT, 'serverless/scripts/vendor-core.js')], { cwd: path.join(ROOT, 'serverless'), stdio: ['ignore', 'ignore', 'inherit'] });
  for (const [title, step] of [
    ['TaskRouter', deployWorkflow],
    ['Sync', deploySync],
    ['TaskRouter holds', deployHoldWorkflow],
    ['Functions', deployFunctions],
    ['TaskRouter events', deployEventCallback],
    ['Studio', deployStudio],
    ['Flex plugin', deployPlugin],
    ['Flex configuration', deployFlexConfiguration],
  ]) {
    out(`${title}:`);
    await step(ctx);
  }
  const r = ctx.report;
  out(dryRun
    ? `Plan: ${r.planned.length} change(s), ${r.unchanged.length} unchanged; nothing was changed (--dry-run).`
    : `Done: ${r.changed.length} change(s), ${r.unchanged.length} unchanged.`);
  return { report: r, state: ctx.state };
}

function parseArgs(argv) {
  const args = { envFile: null, dryRun: false, rollback: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--env') args.envFile = argv[++i];
    else if (a.startsWith('--env=')) args.envFile = a.slice(6);
    else if (a === '--dry-run') args.dryRun = true;
    else if (a === '--rollback') args.rollback = true;
    else throw new Error(`unknown argument ${a}; use --env <file> [--dry-run] [--rollback]`);
  }
  if (!args.envFile) throw new Error('say which env file to deploy with: npm run deploy -- --env <file>');
  return args;
}

async function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
    await deploy({ env: readEnvFile(args.envFile), dryRun: args.dryRun, rollback: args.rollback });
    return 0;
  } catch (err) {
    console.error(`deploy: ${err.message}`);
    if (err.moreInfo) console.error(`  see ${err.moreInfo}`);
    return 1;
  }
}

module.exports = { deploy, main, parseArgs };
