'use strict';
// npm start provisions the local stack as `npm run deploy` provisions an
// account: the deploy runs against the emulator, and then the functions served
// are the files of the build it made, the plugin the Flex host loads is the
// released configuration's bundle, and the feature's settings are the Flex
// configuration's. What runs locally is what a deployment creates.

const fs = require('node:fs');
const path = require('node:path');
const { deploy } = require('@cbvm/deploy/src/deploy');

const ROOT = path.resolve(__dirname, '..', '..');
const PLUGIN_NAME = 'plugin-callback-and-voicemail';
const SUFFIX = { public: '', protected: '.protected', private: '.private' };

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

// A deployed file's place in a functions/ or assets/ folder, named as
// twilio-run names visibility (create-callback.protected.js, cbvm-core.private.wasm).
function localName(file) {
  const { dir, name, ext } = path.posix.parse(file.path);
  const suffix = SUFFIX[file.visibility] ?? '';
  return path.join(file.kind === 'function' ? 'functions' : 'assets', ...dir.split('/').filter(Boolean), `${name}${suffix}${file.kind === 'function' ? '.js' : ext}`);
}

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Adds the contact centre's number to the emulator's account, for the deploy to wire to the flow. */
async function addNumber(emulatorUrl, phoneNumber, extra = {}) {
  await postJson(`${emulatorUrl}/__control/seed`, { incomingNumbers: [{ phoneNumber, friendlyName: 'Contact centre', ...extra }] });
}

/**
 * Deploys to the emulator and returns what the stack runs: the folder holding
 * the deployed functions and assets, their environment, the plugin bundle of
 * the active release (downloaded), the feature's Flex settings, and the
 * deploy's state (workflow, service, domain).
 */
async function provision({ emulatorUrl, functionsUrl, env, runDir, functionsDir, log = () => {} }) {
  const { state } = await deploy({ env, out: log });
  // As Twilio runs the service at its domain, the local functions server does here.
  await postJson(`${emulatorUrl}/__control/serverless/hosts`, { domainName: state.domain, url: functionsUrl });

  const deployed = await getJson(`${emulatorUrl}/__control/serverless/environments/${state.environmentSid}/files`);
  fs.rmSync(functionsDir, { recursive: true, force: true });
  for (const file of deployed.files) {
    const target = path.join(functionsDir, localName(file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.content_base64, 'base64'));
  }
  // Twilio's runtime gives a service its account's credentials; twilio-run reads them from the env file.
  const functionsEnv = { ACCOUNT_SID: env.ACCOUNT_SID, AUTH_TOKEN: env.AUTH_TOKEN, ...deployed.variables };

  const active = await getJson(`${emulatorUrl}/__control/flex/active-plugins`);
  const ours = active.plugins.find((p) => p.unique_name === PLUGIN_NAME);
  if (!ours) throw new Error(`the deploy released no ${PLUGIN_NAME}`);
  const bundleUrl = new URL(ours.plugin_url);
  const bundle = await fetch(`${emulatorUrl}/${bundleUrl.hostname}${bundleUrl.pathname}`);
  if (!bundle.ok) throw new Error(`the released bundle ${ours.plugin_url} is not served (${bundle.status})`);
  const pluginBundle = path.join(runDir, 'released-plugin', path.posix.basename(bundleUrl.pathname));
  fs.mkdirSync(path.dirname(pluginBundle), { recursive: true });
  fs.writeFileSync(pluginBundle, Buffer.from(await bundle.arrayBuffer()));

  const configuration = await getJson(`${emulatorUrl}/__control/flex/configuration`);
  const featureConfig = configuration.ui_attributes?.custom_data?.features?.callback_and_voicemail;
  if (!featureConfig) throw new Error('the deploy set no custom_data.features.callback_and_voicemail');

  return { functionsDir, functionsEnv, pluginBundle, pluginVersion: ours.version, featureConfig, state };
}

/** Where a stack's deployed functions are written: beside the functions' own node_modules. */
function deployedDir(port) {
  return path.join(ROOT, 'serverless', '.deployed', String(port));
}

module.exports = { provision, addNumber, deployedDir, localName };
