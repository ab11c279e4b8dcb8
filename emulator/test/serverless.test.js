'use strict';
// The Serverless API as a deploy command drives it through the official library:
// service, environment, functions and assets, versions uploaded as multipart
// bodies to serverless-upload.twilio.com (the library has no upload call, so a
// plain fetch with FormData, as @twilio-labs/serverless-api does with form-data),
// build, build status, deployment; then what the environment serves.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, basicAuth, rejection } = require('./helpers');
const { rewriteTwilioUrl } = require('../src');

const UPLOAD = 'https://serverless-upload.twilio.com/v1';

// POST a Version the way the upload host takes it: Path, Visibility, Content (a file).
async function upload(emu, serviceSid, collection, parentSid, { path, visibility, content, contentType, filename = 'file' }) {
  const form = new FormData();
  if (path !== undefined) form.append('Path', path);
  if (visibility !== undefined) form.append('Visibility', visibility);
  if (content !== undefined) form.append('Content', new Blob([content], { type: contentType }), filename);
  const url = rewriteTwilioUrl(`${UPLOAD}/Services/${serviceSid}/${collection}/${parentSid}/Versions`, emu.url);
  const res = await fetch(url, { method: 'POST', headers: { Authorization: basicAuth(emu), 'X-Original-Host': 'serverless-upload.twilio.com' }, body: form });
  return { status: res.status, body: await res.json() };
}

const PLUGIN_JS = 'window.__pluginLoaded = true;\n';
const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);

test('deploy functions and assets, then read and serve what the environment holds', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const sl = client.serverless.v1;

  const service = await sl.services.create({ uniqueName: 'cbvm-functions', friendlyName: 'Callbacks and voicemail', includeCredentials: true });
  assert.match(service.sid, /^ZS[0-9a-f]{32}$/);
  assert.match(service.domainBase, /^cbvm-functions-\d{4}$/);
  assert.equal(service.includeCredentials, true);
  assert.equal(service.uiEditable, false);
  assert.equal(service.url, `https://serverless.twilio.com/v1/Services/${service.sid}`);

  await t.test('a service is found by SID, by unique name and in the list', async () => {
    assert.equal((await sl.services('cbvm-functions').fetch()).sid, service.sid);
    assert.equal((await sl.services(service.sid).fetch()).uniqueName, 'cbvm-functions');
    const all = await sl.services.list();
    assert.deepEqual(all.map((s) => s.uniqueName), ['cbvm-functions']);
  });

  const env = await sl.services(service.sid).environments.create({ uniqueName: 'dev-environment', domainSuffix: 'dev' });
  const fn = await sl.services(service.sid).functions.create({ friendlyName: '/features/callback-and-voicemail/studio/create-callback' });
  const asset = await sl.services(service.sid).assets.create({ friendlyName: 'plugin bundle' });
  const privateAsset = await sl.services(service.sid).assets.create({ friendlyName: 'settings' });

  await t.test('an environment is named after the service domain base and its suffix', async () => {
    assert.match(env.sid, /^ZE[0-9a-f]{32}$/);
    assert.equal(env.domainName, `${service.domainBase}-dev.twil.io`);
    assert.equal(env.buildSid, null);
    const listed = await sl.services('cbvm-functions').environments.list();
    assert.deepEqual(listed.map((e) => e.uniqueName), ['dev-environment']);
    assert.match(fn.sid, /^ZH/);
    assert.match(asset.sid, /^ZH/);
  });

  const fnCode = 'exports.handler = (context, event, callback) => callback(null, { ok: true });\n';
  const fnVersion = await upload(emu, service.sid, 'Functions', fn.sid, {
    path: 'features/callback-and-voicemail/studio/create-callback', visibility: 'protected', content: fnCode, contentType: 'application/javascript',
  });
  const assetVersion = await upload(emu, service.sid, 'Assets', asset.sid, { path: '/plugins/cbvm/1.0.0/bundle.js', visibility: 'public', content: PLUGIN_JS, contentType: 'application/javascript' });
  const logoVersion = await upload(emu, service.sid, 'Assets', asset.sid, { path: '/logo.png', visibility: 'public', content: LOGO, contentType: 'image/png' });
  const privateVersion = await upload(emu, service.sid, 'Assets', privateAsset.sid, { path: '/settings.json', visibility: 'private', content: '{"a":1}', contentType: 'application/json' });

  await t.test('versions are uploaded as multipart bodies to the upload host', async () => {
    assert.equal(fnVersion.status, 201, JSON.stringify(fnVersion.body));
    assert.match(fnVersion.body.sid, /^ZN[0-9a-f]{32}$/);
    assert.equal(fnVersion.body.path, '/features/callback-and-voicemail/studio/create-callback', 'a leading slash is added');
    assert.equal(fnVersion.body.visibility, 'protected');
    assert.equal(fnVersion.body.function_sid, fn.sid);
    assert.ok(fnVersion.body.url.startsWith('https://serverless.twilio.com/v1/Services/'), fnVersion.body.url);
    assert.equal(assetVersion.status, 201);
    assert.equal(assetVersion.body.asset_sid, asset.sid);
    const versions = await sl.services(service.sid).assets(asset.sid).assetVersions.list();
    assert.deepEqual(versions.map((v) => v.path).sort(), ['/logo.png', '/plugins/cbvm/1.0.0/bundle.js']);
    const content = await sl.services(service.sid).functions(fn.sid).functionVersions(fnVersion.body.sid).functionVersionContent().fetch();
    assert.equal(content.content, fnCode);
  });

  const build = await sl.services(service.sid).builds.create({
    functionVersions: [fnVersion.body.sid],
    assetVersions: [assetVersion.body.sid, logoVersion.body.sid, privateVersion.body.sid],
    dependencies: JSON.stringify([{ name: 'twilio', version: '5.13.1' }, { name: '@twilio/runtime-handler', version: '2.1.0' }]),
    runtime: 'node22',
  });

  await t.test('a build starts building, then completes; its status is polled', async () => {
    assert.match(build.sid, /^ZB[0-9a-f]{32}$/);
    assert.equal(build.status, 'building');
    const status = await sl.services(service.sid).builds(build.sid).buildStatus().fetch();
    assert.equal(status.status, 'completed');
    const fetched = await sl.services(service.sid).builds(build.sid).fetch();
    assert.equal(fetched.runtime, 'node22');
    assert.deepEqual(fetched.dependencies, [{ name: 'twilio', version: '5.13.1' }, { name: '@twilio/runtime-handler', version: '2.1.0' }]);
    assert.deepEqual(fetched.functionVersions.map((v) => v.sid), [fnVersion.body.sid]);
    assert.equal(fetched.assetVersions.length, 3);
  });

  await t.test('a deployment makes the build the environment\'s', async () => {
    const deployment = await sl.services(service.sid).environments(env.sid).deployments.create({ buildSid: build.sid });
    assert.match(deployment.sid, /^ZD[0-9a-f]{32}$/);
    assert.equal(deployment.buildSid, build.sid);
    assert.equal((await sl.services(service.sid).environments(env.sid).fetch()).buildSid, build.sid);
    const again = await rejection(sl.services(service.sid).environments(env.sid).deployments.create({ buildSid: build.sid }));
    assert.equal(again.status, 409);
    assert.equal((await sl.services(service.sid).environments(env.sid).deployments.list()).length, 1);
  });

  await t.test('variables of an environment', async () => {
    const v = await sl.services(service.sid).environments(env.sid).variables.create({ key: 'TWILIO_FLEX_CALLBACK_WORKFLOW_SID', value: emu.defaultWorkflowSid });
    assert.match(v.sid, /^ZV/);
    const dup = await rejection(sl.services(service.sid).environments(env.sid).variables.create({ key: 'TWILIO_FLEX_CALLBACK_WORKFLOW_SID', value: 'x' }));
    assert.equal(dup.status, 409);
    await sl.services(service.sid).environments(env.sid).variables(v.sid).update({ value: 'WW' + '1'.repeat(32) });
    const list = await sl.services(service.sid).environments(env.sid).variables.list();
    assert.deepEqual(list.map((x) => [x.key, x.value]), [['TWILIO_FLEX_CALLBACK_WORKFLOW_SID', 'WW' + '1'.repeat(32)]]);
  });

  await t.test('deployedFiles gives the current build\'s files, by SID, domain or unique name', async () => {
    const byDomain = emu.deployedFiles({ environment: env.domainName });
    const byName = emu.deployedFiles({ service: 'cbvm-functions', environment: 'dev-environment' });
    assert.deepEqual(byName, byDomain);
    assert.equal(byDomain.buildSid, build.sid);
    assert.equal(byDomain.runtime, 'node22');
    assert.deepEqual(byDomain.variables, { TWILIO_FLEX_CALLBACK_WORKFLOW_SID: 'WW' + '1'.repeat(32) });
    const files = Object.fromEntries(byDomain.files.map((f) => [f.path, f]));
    assert.equal(files['/features/callback-and-voicemail/studio/create-callback'].content.toString(), fnCode);
    assert.equal(files['/features/callback-and-voicemail/studio/create-callback'].kind, 'function');
    assert.equal(files['/features/callback-and-voicemail/studio/create-callback'].visibility, 'protected');
    assert.deepEqual(files['/logo.png'].content, LOGO);
    assert.equal(files['/settings.json'].visibility, 'private');

    const viaControl = await control(emu, 'GET', `/serverless/environments/${env.sid}/files`);
    assert.equal(viaControl.status, 200);
    assert.equal(viaControl.body.hostedBaseUrl, `${emu.url}/${env.domainName}/`);
    const logo = viaControl.body.files.find((f) => f.path === '/logo.png');
    assert.deepEqual(Buffer.from(logo.content_base64, 'base64'), LOGO);
    assert.equal(logo.content, undefined, 'binary files come as base64 only');
    assert.equal(viaControl.body.files.find((f) => f.path === '/plugins/cbvm/1.0.0/bundle.js').content, PLUGIN_JS);
    assert.equal((await control(emu, 'GET', '/serverless/environments/ZE0/files')).status, 404);
  });

  await t.test('public assets are served without credentials at <emulator>/<domain_name>/<path>', async () => {
    const url = emu.hostedUrl(env.domainName, '/plugins/cbvm/1.0.0/bundle.js');
    assert.equal(url, `${emu.url}/${env.domainName}/plugins/cbvm/1.0.0/bundle.js`);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/javascript/);
    assert.equal(await res.text(), PLUGIN_JS);
    const png = await fetch(emu.hostedUrl(env.domainName, '/logo.png'));
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await png.arrayBuffer()), LOGO);
    assert.equal((await fetch(emu.hostedUrl(env.domainName, '/settings.json'))).status, 403, 'private assets are not served');
    assert.equal((await fetch(emu.hostedUrl(env.domainName, '/features/callback-and-voicemail/studio/create-callback'))).status, 501);
    assert.equal((await fetch(emu.hostedUrl(env.domainName, '/nothing-here.js'))).status, 404);
    assert.equal((await fetch(emu.hostedUrl(`${service.domainBase}-prod.twil.io`, '/logo.png'))).status, 404);
  });

  await t.test('the next build is served once deployed; the old one until then', async () => {
    const v2 = await upload(emu, service.sid, 'Assets', asset.sid, { path: '/plugins/cbvm/1.0.0/bundle.js', visibility: 'public', content: 'v2', contentType: 'application/javascript' });
    emu.setBuildBehaviour({ durationMs: 5000 });
    t.after(() => emu.setBuildBehaviour({ durationMs: 0 }));
    const b2 = await sl.services(service.sid).builds.create({ assetVersions: [v2.body.sid] });
    assert.equal(b2.runtime, 'node22', 'the runtime of the last completed build');
    assert.equal((await sl.services(service.sid).builds(b2.sid).buildStatus().fetch()).status, 'building');
    const early = await rejection(sl.services(service.sid).environments(env.sid).deployments.create({ buildSid: b2.sid }));
    assert.equal(early.status, 400);
    emu.advanceClock(5000);
    assert.equal((await sl.services(service.sid).builds(b2.sid).buildStatus().fetch()).status, 'completed');
    assert.equal(await (await fetch(emu.hostedUrl(env.domainName, '/plugins/cbvm/1.0.0/bundle.js'))).text(), PLUGIN_JS);
    await sl.services(service.sid).environments(env.sid).deployments.create({ buildSid: b2.sid });
    assert.equal(await (await fetch(emu.hostedUrl(env.domainName, '/plugins/cbvm/1.0.0/bundle.js'))).text(), 'v2');
    assert.equal((await fetch(emu.hostedUrl(env.domainName, '/logo.png'))).status, 404, 'files not in the new build are gone');
  });
});

test('Serverless validation answers as Twilio does', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const sl = client.serverless.v1;
  const service = await sl.services.create({ uniqueName: 'cbvm', friendlyName: 'cbvm' });
  const fn = await sl.services(service.sid).functions.create({ friendlyName: 'f' });
  const v = await upload(emu, service.sid, 'Functions', fn.sid, { path: '/f', visibility: 'public', content: 'x', contentType: 'application/javascript' });

  await t.test('a unique name is unique (409) and at most 50 characters', async () => {
    const dup = await rejection(sl.services.create({ uniqueName: 'cbvm', friendlyName: 'again' }));
    assert.equal(dup.status, 409);
    assert.equal(dup.code, 20409);
    assert.equal((await rejection(sl.services.create({ uniqueName: 'x'.repeat(51), friendlyName: 'x' }))).status, 400);
    assert.equal((await rejection(sl.services.create({ uniqueName: 'has space', friendlyName: 'x' }))).status, 400);
    assert.equal((await rejection(sl.services.create({ uniqueName: 'ok-name', friendlyName: '' }))).status, 400);
  });

  await t.test('unknown SIDs are 404 with Twilio\'s error body', async () => {
    const err = await rejection(sl.services('ZS' + 'f'.repeat(32)).fetch());
    assert.equal(err.status, 404);
    assert.equal(err.code, 20404);
    assert.equal(err.moreInfo, 'https://www.twilio.com/docs/errors/20404');
    assert.equal((await rejection(sl.services(service.sid).builds('ZB' + 'f'.repeat(32)).fetch())).status, 404);
    assert.equal((await rejection(sl.services(service.sid).environments('ZE' + 'f'.repeat(32)).fetch())).status, 404);
    const res = await fetch(`${emu.url}/serverless/v1/Services/nope`, { headers: { Authorization: basicAuth(emu) } });
    assert.deepEqual(Object.keys(await res.json()).sort(), ['code', 'message', 'more_info', 'status']);
  });

  await t.test('environments: unique name and domain suffix clash with 409; suffix at most 16', async () => {
    await sl.services(service.sid).environments.create({ uniqueName: 'dev', domainSuffix: 'dev' });
    const byName = await rejection(sl.services(service.sid).environments.create({ uniqueName: 'dev', domainSuffix: 'other' }));
    assert.equal(byName.status, 409);
    assert.equal(byName.message, 'Environment with this UniqueName or DomainSuffix already exists.');
    assert.equal((await rejection(sl.services(service.sid).environments.create({ uniqueName: 'dev2', domainSuffix: 'dev' }))).status, 409);
    assert.equal((await rejection(sl.services(service.sid).environments.create({ uniqueName: 'long', domainSuffix: 'x'.repeat(17) }))).status, 400);
    const prod = await sl.services(service.sid).environments.create({ uniqueName: 'production' });
    assert.equal(prod.domainName, `${service.domainBase}.twil.io`, 'no suffix: the domain base itself');
  });

  await t.test('uploads need a multipart body with Path, an enumerated Visibility and Content', async () => {
    const bad = await upload(emu, service.sid, 'Functions', fn.sid, { path: '/f', visibility: 'secret', content: 'x' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /Visibility/);
    assert.equal((await upload(emu, service.sid, 'Functions', fn.sid, { visibility: 'public', content: 'x' })).status, 400);
    assert.equal((await upload(emu, service.sid, 'Functions', fn.sid, { path: '/f', visibility: 'public' })).status, 400);
    assert.equal((await upload(emu, service.sid, 'Assets', fn.sid, { path: '/f', visibility: 'public', content: 'x' })).status, 404, 'a function SID is no asset');
    const form = await fetch(`${emu.url}/serverless-upload/v1/Services/${service.sid}/Functions/${fn.sid}/Versions`, {
      method: 'POST', headers: { Authorization: basicAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Path=/f&Visibility=public&Content=x',
    });
    assert.equal(form.status, 400);
    const noAuth = await fetch(`${emu.url}/serverless-upload/v1/Services/${service.sid}/Functions/${fn.sid}/Versions`, { method: 'POST', body: new FormData() });
    assert.equal(noAuth.status, 401);
  });

  await t.test('builds: versions required and known, runtimes supported, dependencies a JSON list', async () => {
    const builds = sl.services(service.sid).builds;
    assert.equal((await rejection(builds.create({}))).status, 400);
    assert.equal((await rejection(builds.create({ functionVersions: ['ZN' + '0'.repeat(32)] }))).status, 400);
    const old = await rejection(builds.create({ functionVersions: [v.body.sid], runtime: 'node18' }));
    assert.equal(old.status, 400);
    assert.equal(old.code, 82007);
    assert.equal((await rejection(builds.create({ functionVersions: [v.body.sid], dependencies: '{"twilio": "5"}' }))).status, 400);
    // @twilio-labs/serverless-api wraps the JSON in one more pair of quotes.
    const quoted = await builds.create({ functionVersions: [v.body.sid], dependencies: `"${JSON.stringify([{ name: 'lodash', version: '4.17.21' }])}"`, runtime: 'node20' });
    assert.deepEqual(quoted.dependencies, [{ name: 'lodash', version: '4.17.21' }]);
  });

  await t.test('a failed build cannot be deployed', async () => {
    emu.setBuildBehaviour({ failNext: 1 });
    const b = await sl.services(service.sid).builds.create({ functionVersions: [v.body.sid] });
    assert.equal((await sl.services(service.sid).builds(b.sid).buildStatus().fetch()).status, 'failed');
    const env = (await sl.services(service.sid).environments.list()).find((e) => e.uniqueName === 'dev');
    const err = await rejection(sl.services(service.sid).environments(env.sid).deployments.create({ buildSid: b.sid }));
    assert.equal(err.status, 400);
    assert.match(err.message, /failed/);
  });

  await t.test('the state goes with a reset', async () => {
    await control(emu, 'POST', '/reset');
    assert.deepEqual(await sl.services.list(), []);
  });
});

test('faults reach the Serverless API, including answers lost after the change', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const sl = client.serverless.v1;
  const service = await sl.services.create({ uniqueName: 'faulty', friendlyName: 'faulty' });
  const fn = await sl.services(service.sid).functions.create({ friendlyName: 'f' });

  emu.addFault({ target: 'serverless.versions.create', statuses: [503], times: 1 });
  const refused = await upload(emu, service.sid, 'Functions', fn.sid, { path: '/f', visibility: 'public', content: 'x' });
  assert.equal(refused.status, 503);
  const v = await upload(emu, service.sid, 'Functions', fn.sid, { path: '/f', visibility: 'public', content: 'x' });
  assert.equal(v.status, 201);
  assert.equal((await sl.services(service.sid).functions(fn.sid).functionVersions.list()).length, 1, 'the refused upload left nothing');

  emu.addFault({ target: 'serverless.*', statuses: [503], after: true, times: 1 });
  const lost = await rejection(sl.services(service.sid).builds.create({ functionVersions: [v.body.sid] }));
  assert.equal(lost.status, 503);
  const builds = await sl.services(service.sid).builds.list();
  assert.equal(builds.length, 1, 'the build was made although its answer was lost');
  const entry = emu.requests({ kind: 'serverless.builds.create' }).pop();
  assert.deepEqual([entry.status, entry.handled, entry.fault], [503, 201, 'status-after-commit']);
});
