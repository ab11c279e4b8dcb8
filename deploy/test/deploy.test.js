'use strict';
// The deploy against the emulator, through the official library and the
// Serverless library: from nothing, again (nothing changes), a dry run (nothing
// changes), interrupted by a fault and resumed, a rollback, and an account
// whose other plugin and Flex settings are kept.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const twilio = require('twilio');
const { startEmulator, createLocalHttpClient } = require('@cbvm/twilio-emulator');
const { deploy } = require('../src/deploy');

let emu;
let client;
let dir;
const lines = [];
const out = (line) => lines.push(line);

function bundle(text) {
  const file = path.join(dir, `bundle-${Date.now()}-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(file, `/* plugin bundle */ ${text}\n`);
  return file;
}

function envFor(extra = {}) {
  return {
    ACCOUNT_SID: emu.accountSid,
    AUTH_TOKEN: emu.authToken,
    TWILIO_API_BASE_URL: emu.url,
    TWILIO_FLEX_WORKSPACE_SID: emu.workspaceSid,
    CALLBACK_RETRY_DELAYS: '2:10,3:60',
    CALLBACK_MAX_ATTEMPTS: '3',
    CALLBACK_DEFAULT_REGION: 'US',
    CALLBACK_MAIN_TIME_ZONE: 'America/New_York',
    CBVM_PHONE_NUMBERS: '+15555550199',
    CBVM_PLUGIN_BUNDLE: extra.bundle || firstBundle,
    ...extra.env,
  };
}

let firstBundle;

before(async () => {
  emu = await startEmulator({ port: 0 });
  client = twilio(emu.accountSid, emu.authToken, { httpClient: createLocalHttpClient(emu.url, { twilio }) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-deploy-'));
  firstBundle = bundle('first');
  emu.setBuildBehaviour({ durationMs: 0 });
});
after(() => {
  if (emu) emu.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('an account that already runs another plugin and has Flex settings', async () => {
  const flex = client.flexApi.v1;
  const other = await flex.plugins.create({ uniqueName: 'plugin-other-team', friendlyName: 'Other team' });
  const version = await flex.plugins(other.sid).pluginVersions.create({ version: '2.0.0', pluginUrl: 'https://example.com/other.js' });
  const configuration = await flex.pluginConfigurations.create({ name: 'theirs', plugins: [{ plugin_version: version.sid }] });
  await flex.pluginReleases.create({ configurationId: configuration.sid });
  emu.seedFlexConfiguration({ ui_attributes: { colorTheme: { baseName: 'HighContrast' }, custom_data: { features: { other_feature: { enabled: true } } } } });
});

test('a dry run from nothing plans every step and changes nothing', async () => {
  const before = emu.requests().filter((r) => r.method !== 'GET').length;
  const { report } = await deploy({ env: envFor(), dryRun: true, out });
  assert.ok(report.planned.length >= 5, report.planned.join('\n'));
  assert.equal(report.changed.length, 0);
  assert.equal(emu.requests().filter((r) => r.method !== 'GET').length, before, 'a dry run sends only reads');
  assert.equal((await client.serverless.v1.services.list()).length, 0);
});

test('a deploy from nothing creates the workflow, the functions, the plugin release and the Flex settings', async () => {
  const { report, state } = await deploy({ env: envFor(), out });
  assert.ok(report.changed.length >= 5, report.changed.join('\n'));

  const ws = client.taskrouter.v1.workspaces(emu.workspaceSid);
  const [workflow] = await ws.workflows.list({ friendlyName: 'Callbacks and voicemails' });
  const routing = JSON.parse(workflow.configuration).task_routing;
  const byAttempt = routing.filters.find((f) => f.expression.startsWith('callBackData.attempts'));
  assert.equal(byAttempt.expression, 'callBackData.attempts == 1');
  assert.deepEqual(byAttempt.targets[0], { queue: emu.defaultTaskQueueSid, expression: '1==0', timeout: 600 });
  // Retries by outcome wait what the outcome policy gives them (the defaults: no answer first waits 10 min).
  const noAnswerWait = routing.filters.find((f) => f.expression === 'callBackData.retryWaitMinutes == 10');
  assert.deepEqual(noAnswerWait.targets[0], { queue: emu.defaultTaskQueueSid, expression: '1==0', timeout: 600 });

  const files = emu.deployedFiles({ environment: state.environmentSid });
  assert.equal(files.runtime, 'node22');
  const paths = files.files.map((f) => f.path);
  assert.ok(paths.includes('/features/callback-and-voicemail/studio/create-callback'), paths.join(' '));
  assert.ok(paths.includes('/vendor/cbvm-core.wasm'), paths.join(' '));
  assert.ok(paths.includes(state.pluginPath));
  assert.equal(files.variables.TWILIO_FLEX_CALLBACK_WORKFLOW_SID, workflow.sid);
  assert.equal(files.variables.CALLBACK_MAX_ATTEMPTS, '3');
  assert.equal(files.variables.ACCOUNT_SID, undefined, 'credentials are the runtime\'s own');
  // Held callbacks: a hold workflow to a queue no worker matches, and the workspace's events to the functions.
  const [hold] = await ws.workflows.list({ friendlyName: 'Callbacks on hold' });
  assert.equal(files.variables.CALLBACK_HOLD_WORKFLOW_SID, hold.sid);
  const [holdQueue] = await ws.taskQueues.list({ friendlyName: 'Callbacks on hold' });
  assert.equal(holdQueue.targetWorkers, '1==0');
  assert.deepEqual(JSON.parse(hold.configuration).task_routing.default_filter, { queue: holdQueue.sid });
  const workspace = await ws.fetch();
  assert.equal(workspace.eventCallbackUrl, `https://${state.domain}/features/callback-and-voicemail/taskrouter/events`);
  // Only what the enabled features react to: no index, retention or notifications here.
  assert.equal(workspace.eventsFilter, 'task.canceled');

  const hosted = await fetch(emu.hostedUrl(state.domain, state.pluginPath));
  assert.equal(hosted.status, 200);
  assert.match(await hosted.text(), /plugin bundle/);

  const [flow] = await client.studio.v2.flows.list();
  assert.equal(flow.friendlyName, 'Callback and voicemail');
  assert.equal(flow.status, 'published');
  const text = JSON.stringify((await client.studio.v2.flows(flow.sid).fetch()).definition);
  assert.ok(text.includes(`https://${state.domain}/features/callback-and-voicemail/studio/wait-experience`), 'the wait URL is the deployed functions\'');
  assert.doesNotMatch(text, /\{\{[A-Z_]+\}\}|pending/);
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550199' });
  assert.equal(number.voiceUrl, flow.webhookUrl);

  const active = emu.activePlugins().plugins.map((p) => p.unique_name);
  assert.deepEqual(active.sort(), ['plugin-callback-and-voicemail', 'plugin-other-team']);
  const ui = emu.flexConfiguration().ui_attributes;
  assert.deepEqual(ui.colorTheme, { baseName: 'HighContrast' });
  assert.deepEqual(ui.custom_data.features.other_feature, { enabled: true });
  assert.equal(ui.custom_data.features.callback_and_voicemail.serverless_domain, state.domain);
  assert.equal(ui.custom_data.features.callback_and_voicemail.max_attempts, 3);
  assert.equal(ui.custom_data.features.callback_and_voicemail.default_region, 'US');
});

test('a second deploy changes nothing', async () => {
  const writes = emu.requests().filter((r) => r.method !== 'GET').length;
  const { report } = await deploy({ env: envFor(), out });
  assert.deepEqual(report.changed, []);
  assert.equal(emu.requests().filter((r) => r.method !== 'GET').length, writes);
});

test('a deploy stopped by a fault resumes, and a new bundle becomes a new version; rollback returns to the previous release', async () => {
  const second = bundle('second');
  emu.addFault({ target: 'flex.*', method: 'POST', status: 503, times: 10 });
  await assert.rejects(deploy({ env: envFor({ bundle: second }), out }));
  emu.clearFaults();
  const { report } = await deploy({ env: envFor({ bundle: second }), out });
  assert.ok(report.changed.some((c) => /version 0\.1\.1/.test(c)), report.changed.join('\n'));
  const again = await deploy({ env: envFor({ bundle: second }), out });
  assert.deepEqual(again.report.changed, []);

  const versionOf = () => emu.activePlugins().plugins.find((p) => p.unique_name === 'plugin-callback-and-voicemail').version;
  assert.equal(versionOf(), '0.1.1');
  await deploy({ env: envFor({ bundle: second }), rollback: true, out });
  assert.equal(versionOf(), '0.1.0');
  assert.ok(emu.activePlugins().plugins.some((p) => p.unique_name === 'plugin-other-team'));
  // The first bundle is still served for the release rolled back to.
  const [release] = await client.flexApi.v1.pluginReleases.list({ limit: 1 });
  const plugins = await client.flexApi.v1.pluginConfigurations(release.configurationSid).plugins.list();
  const ours = plugins.find((p) => p.uniqueName === 'plugin-callback-and-voicemail');
  const url = new URL(ours.pluginUrl);
  const hosted = await fetch(emu.hostedUrl(url.hostname, url.pathname));
  assert.equal(hosted.status, 200);
  assert.match(await hosted.text(), /first/);
});

test('bad settings are refused naming the variable, before anything is sent', async () => {
  await assert.rejects(deploy({ env: envFor({ env: { CALLBACK_RETRY_DELAYS: 'soon' } }), out }), /CALLBACK_RETRY_DELAYS/);
  await assert.rejects(deploy({ env: envFor({ env: { CALLBACK_QUEUE_NAME: 'Nobody' } }), out }), /CALLBACK_QUEUE_NAME/);
  await assert.rejects(deploy({ env: { ...envFor(), ACCOUNT_SID: 'nope' }, out }), /ACCOUNT_SID/);
  const badZone = JSON.stringify({ timeZone: 'Mars/Olympus_Mons', weekly: { mon: [['09:00', '17:00']] } });
  await assert.rejects(deploy({ env: envFor({ env: { CALLING_WINDOW: badZone } }), out }), /CALLING_WINDOW: .*window\.timeZone/);
});

test('with SMS confirmations on, the sending number\'s texts reach the inbound-message function', async () => {
  const { state } = await deploy({ env: envFor({ env: { CALLBACK_SMS_FROM: '+15555550199' } }), out });
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550199' });
  assert.equal(number.smsUrl, `https://${state.domain}/features/callback-and-voicemail/sms/inbound`);
  const files = emu.deployedFiles({ environment: state.environmentSid });
  assert.equal(files.variables.CALLBACK_SMS_FROM, '+15555550199');
  const { report } = await deploy({ env: envFor({ env: { CALLBACK_SMS_FROM: '+15555550199' } }), out });
  assert.ok(!report.changed.some((line) => /SMS/.test(line)), report.changed.join('\n'));
});

test('a workspace event callback set elsewhere is never replaced unless CBVM_EVENT_CALLBACK says so', async () => {
  const ws = client.taskrouter.v1.workspaces(emu.workspaceSid);
  const ours = (await ws.fetch()).eventCallbackUrl;
  await ws.update({ eventCallbackUrl: 'https://example.com/their-events' });
  await assert.rejects(deploy({ env: envFor(), out }), /CBVM_EVENT_CALLBACK.*https:\/\/example\.com\/their-events/);
  assert.equal((await ws.fetch()).eventCallbackUrl, 'https://example.com/their-events', 'refused, theirs kept');
  const kept = await deploy({ env: envFor({ env: { CBVM_EVENT_CALLBACK: 'keep' } }), out });
  assert.deepEqual(kept.report.changed.filter((c) => /event callback/.test(c)), []);
  assert.equal((await ws.fetch()).eventCallbackUrl, 'https://example.com/their-events');
  const replaced = await deploy({ env: envFor({ env: { CBVM_EVENT_CALLBACK: 'replace' } }), out });
  assert.deepEqual(replaced.report.changed.map((c) => c.replace(/ to .*/, '')), ["TaskRouter: set the workspace's event callback"]);
  assert.equal((await ws.fetch()).eventCallbackUrl, ours);
});

test('the workspace\'s events filter follows the features: only the filter is updated, our URL kept, then unchanged', async () => {
  const ws = client.taskrouter.v1.workspaces(emu.workspaceSid);
  const ours = (await ws.fetch()).eventCallbackUrl;
  const features = { VOICEMAIL_NOTIFY_TO: '{"*": "team@example.com"}', CALLBACK_ONE_PER_CUSTOMER: 'true' };
  const events = (report) => report.filter((c) => /event/.test(c));
  const on = await deploy({ env: envFor({ env: features }), out });
  assert.deepEqual(events(on.report.changed),
    ["TaskRouter: set the workspace's events filter to task.canceled,task.completed,task.deleted,task-queue.entered (was task.canceled)"]);
  const workspace = await ws.fetch();
  assert.equal(workspace.eventCallbackUrl, ours);
  assert.equal(workspace.eventsFilter, 'task.canceled,task.completed,task.deleted,task-queue.entered');
  const again = await deploy({ env: envFor({ env: features }), out });
  assert.deepEqual(again.report.changed, []);
  const retention = await deploy({ env: envFor({ env: { VOICEMAIL_RETENTION_HOURS: '72' } }), out });
  assert.deepEqual(events(retention.report.changed).map((c) => c.replace(/ \(was .*/, '')),
    ["TaskRouter: set the workspace's events filter to task.canceled,task.completed"]);
  assert.equal((await ws.fetch()).eventCallbackUrl, ours);
});
