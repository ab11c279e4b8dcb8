'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { setup, control, rejection } = require('./helpers');
const { render } = require('../src/liquid');

const trigger = (next) => ({ name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingCall', ...(next ? { next } : {}) }], properties: {} });
const flowOf = (...states) => ({ description: 'test', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states });
const SAY_HELLO = flowOf(trigger('hello'), { name: 'hello', type: 'say-play', transitions: [{ event: 'audioComplete' }], properties: { say: 'Hello {{trigger.call.From}}' } });

test('Studio Flows through the official client', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());

  await t.test('create, fetch, list; the webhook URL is the flow\'s', async () => {
    const flow = await client.studio.v2.flows.create({ friendlyName: 'Greeting', status: 'draft', definition: SAY_HELLO, commitMessage: 'first' });
    assert.match(flow.sid, /^FW[0-9a-f]{32}$/);
    assert.equal(flow.revision, 1);
    assert.equal(flow.status, 'draft');
    assert.equal(flow.commitMessage, 'first');
    assert.deepEqual(flow.definition, SAY_HELLO);
    assert.equal(flow.webhookUrl, `https://webhooks.twilio.com/v1/Accounts/${emu.accountSid}/Flows/${flow.sid}`);
    const fetched = await client.studio.v2.flows(flow.sid).fetch();
    assert.equal(fetched.friendlyName, 'Greeting');
    const all = await client.studio.v2.flows.list();
    assert.deepEqual(all.map((f) => f.sid), [flow.sid]);
    assert.equal((await rejection(client.studio.v2.flows('FW' + 'f'.repeat(32)).fetch())).status, 404);
  });

  await t.test('each update is a new revision; the revisions list newest first', async () => {
    const [flow] = await client.studio.v2.flows.list();
    const published = await client.studio.v2.flows(flow.sid).update({ status: 'published', commitMessage: 'go live' });
    assert.equal(published.revision, 2);
    assert.equal(published.status, 'published');
    assert.equal(published.friendlyName, 'Greeting', 'an update without FriendlyName keeps it');
    const renamed = await client.studio.v2.flows(flow.sid).update({ status: 'draft', friendlyName: 'Greeting v2', definition: flowOf(trigger()) });
    assert.equal(renamed.revision, 3);
    const revisions = await client.studio.v2.flows(flow.sid).revisions.list();
    assert.deepEqual(revisions.map((r) => [r.revision, r.status, r.commitMessage]), [[3, 'draft', null], [2, 'published', 'go live'], [1, 'draft', 'first']]);
    const latestPublished = await client.studio.v2.flows(flow.sid).revisions('LatestPublished').fetch();
    assert.equal(latestPublished.revision, 2);
    assert.deepEqual(latestPublished.definition, SAY_HELLO);
  });

  await t.test('an invalid definition is refused with 81022 and each failure named', async () => {
    const cases = [
      ['not JSON', '{"states": ['],
      ['no states', { initial_state: 'Trigger' }],
      ['no initial_state', { states: [trigger()] }],
      ['no trigger', flowOf({ name: 'Trigger', type: 'say-play', properties: {} })],
      ['an unknown widget type', flowOf(trigger('x'), { name: 'x', type: 'teleport', properties: {} })],
      ['a transition to a missing widget', flowOf(trigger('nowhere'))],
      ['two widgets with one name', flowOf(trigger('a'), { name: 'a', type: 'say-play' }, { name: 'a', type: 'say-play' })],
    ];
    for (const [what, definition] of cases) {
      const err = await rejection(client.studio.v2.flows.create({ friendlyName: what, status: 'published', definition }));
      assert.equal(err.status, 400, what);
      assert.equal(err.code, 81022, what);
      assert.equal(err.moreInfo, 'https://www.twilio.com/docs/errors/81022');
      assert.ok(err.details.errors.length >= 1, what);
      assert.ok(err.details.errors.every((e) => typeof e.message === 'string' && e.property_path.startsWith('#')), what);
    }
    const missing = await rejection(client.studio.v2.flows.create({ friendlyName: '', status: 'draft', definition: SAY_HELLO }));
    assert.equal(missing.code, 20001);
    const badStatus = await rejection(client.studio.v2.flows.create({ friendlyName: 'x', status: 'live', definition: SAY_HELLO }));
    assert.equal(badStatus.code, 20001);
    const [flow] = await client.studio.v2.flows.list();
    const refusedUpdate = await rejection(client.studio.v2.flows(flow.sid).update({ status: 'published', definition: flowOf(trigger('nowhere')) }));
    assert.equal(refusedUpdate.code, 81022);
    assert.equal((await client.studio.v2.flows(flow.sid).fetch()).revision, 3, 'a refused update adds no revision');
    assert.equal((await client.studio.v2.flows.list()).length, 1, 'no flow was created by a refused create');
  });

  await t.test('Flows/Validate', async () => {
    const ok = await client.studio.v2.flowValidate.update({ friendlyName: 'x', status: 'draft', definition: SAY_HELLO });
    assert.equal(ok.valid, true);
    const err = await rejection(client.studio.v2.flowValidate.update({ friendlyName: 'x', status: 'draft', definition: flowOf(trigger('gone')) }));
    assert.equal(err.code, 81022);
    assert.match(err.details.errors[0].message, /gone/);
  });

  await t.test('delete', async () => {
    const flow = await client.studio.v2.flows.create({ friendlyName: 'temp', status: 'draft', definition: SAY_HELLO });
    assert.equal(await client.studio.v2.flows(flow.sid).remove(), true);
    assert.equal((await rejection(client.studio.v2.flows(flow.sid).fetch())).status, 404);
  });
});

test('IncomingPhoneNumbers through the official client', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());

  await t.test('the default inbound number is in the account; PhoneNumber filters the list', async () => {
    const all = await client.incomingPhoneNumbers.list();
    assert.deepEqual(all.map((n) => n.phoneNumber), ['+15555550199']);
    await client.incomingPhoneNumbers.create({ phoneNumber: '+18005550100', friendlyName: 'Sales' });
    assert.deepEqual((await client.incomingPhoneNumbers.list({ phoneNumber: '+18005550100' })).map((n) => n.friendlyName), ['Sales']);
    assert.deepEqual((await client.incomingPhoneNumbers.list({ phoneNumber: '5550199' })).map((n) => n.phoneNumber), ['+15555550199']);
    assert.deepEqual(await client.incomingPhoneNumbers.list({ phoneNumber: '+14155550000' }), []);
  });

  await t.test('fetch and update VoiceUrl, VoiceMethod, StatusCallback', async () => {
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550199' });
    assert.match(number.sid, /^PN[0-9a-f]{32}$/);
    const updated = await client.incomingPhoneNumbers(number.sid).update({
      voiceUrl: 'https://webhooks.twilio.com/v1/Accounts/AC/Flows/FW', voiceMethod: 'GET', statusCallback: 'https://example.com/status',
    });
    assert.equal(updated.voiceUrl, 'https://webhooks.twilio.com/v1/Accounts/AC/Flows/FW');
    assert.equal(updated.voiceMethod, 'GET');
    assert.equal(updated.statusCallback, 'https://example.com/status');
    const fetched = await client.incomingPhoneNumbers(number.sid).fetch();
    assert.equal(fetched.voiceMethod, 'GET');
    const refused = await rejection(client.incomingPhoneNumbers(number.sid).update({ voiceUrl: 'https://example.com/ok', voiceMethod: 'PUT' }));
    assert.equal(refused.status, 400);
    assert.equal(refused.code, 21403);
    assert.equal((await client.incomingPhoneNumbers(number.sid).fetch()).voiceUrl, updated.voiceUrl, 'a refused update changes nothing');
    assert.equal((await rejection(client.incomingPhoneNumbers('PN' + '0'.repeat(32)).fetch())).status, 404);
  });

  await t.test('a reset puts back the default number only', async () => {
    emu.reset();
    assert.deepEqual((await client.incomingPhoneNumbers.list()).map((n) => [n.phoneNumber, n.voiceUrl]), [['+15555550199', '']]);
  });
});

test('Liquid: paths, missing values, filters', () => {
  const context = { trigger: { call: { From: '+14155550123' } }, widgets: { fn: { parsed: { items: [{ id: 7 }] } } }, flow: { variables: { x: 'a b' } } };
  assert.equal(render('from {{trigger.call.From}}', context), 'from +14155550123');
  assert.equal(render('{{ widgets.fn.parsed.items[0].id }}', context), '7');
  assert.equal(render('[{{widgets.none.Digits}}]', context), '[]');
  assert.equal(render('{{flow.variables.x | upcase}}', context), 'A B');
  assert.equal(render('{{flow.variables.x | url_encode}}', context), 'a+b');
  assert.equal(render('{{widgets.fn.parsed | to_json}}', context), '{"items":[{"id":7}]}');
  assert.equal(render('{{flow.variables.y | default: "none"}}', context), 'none');
  assert.equal(render('{% if x %}kept{% endif %}', context), '{% if x %}kept{% endif %}');
  assert.throws(() => render('{{x | reverse_everything}}', context), /not supported/);
});

// A function host for run-function: answers by path, remembers what it got.
async function functionHost() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ path: req.url, params: Object.fromEntries(new URLSearchParams(body)) });
      if (req.url.startsWith('/fail')) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"success":false}');
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ success: true, taskSid: 'WT123' }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => new Promise((r) => server.close(r)) };
}

test('the flow engine runs an incoming call through the published revision', async (t) => {
  const { emu, client } = await setup();
  const host = await functionHost();
  t.after(async () => { await emu.close(); await host.close(); });

  const definition = flowOf(
    trigger('remember'),
    { name: 'remember', type: 'set-variables', transitions: [{ event: 'next', next: 'menu' }], properties: { variables: [{ key: 'caller', value: '{{trigger.call.From}}' }] } },
    {
      name: 'menu',
      type: 'gather-input-on-call',
      transitions: [{ event: 'keypress', next: 'route' }, { event: 'speech' }, { event: 'timeout', next: 'to_flex' }],
      properties: { say: 'Press 1 for a callback, 2 for a voicemail.', number_of_digits: 1, timeout: 5 },
    },
    {
      name: 'route',
      type: 'split-based-on',
      transitions: [
        { event: 'noMatch', next: 'to_flex' },
        { event: 'match', next: 'callback', conditions: [{ friendly_name: '1', arguments: ['{{widgets.menu.Digits}}'], type: 'equal_to', value: '1' }] },
        { event: 'match', next: 'record', conditions: [{ friendly_name: '2 or 3', arguments: ['{{widgets.menu.Digits}}'], type: 'matches_any_of', value: '2, 3' }] },
        { event: 'match', next: 'broken', conditions: [{ friendly_name: '9', arguments: ['{{widgets.menu.Digits}}'], type: 'equal_to', value: '9' }] },
      ],
      properties: { input: '{{widgets.menu.Digits}}' },
    },
    {
      name: 'callback',
      type: 'run-function',
      transitions: [{ event: 'success', next: 'thanks' }, { event: 'fail', next: 'sorry' }],
      properties: { url: `${host.url}/create`, parameters: [{ key: 'numberToCall', value: '{{flow.variables.caller}}' }, { key: 'numberToCallFrom', value: '{{flow.channel.address}}' }] },
    },
    { name: 'broken', type: 'run-function', transitions: [{ event: 'success' }, { event: 'fail', next: 'sorry' }], properties: { url: `${host.url}/fail` } },
    { name: 'thanks', type: 'say-play', transitions: [{ event: 'audioComplete' }], properties: { say: 'Task {{widgets.callback.parsed.taskSid}} created.' } },
    { name: 'sorry', type: 'say-play', transitions: [{ event: 'audioComplete' }], properties: { say: 'Sorry ({{widgets.broken.status_code}}).' } },
    {
      name: 'record',
      type: 'record-voicemail',
      transitions: [{ event: 'recordingComplete', next: 'voicemail' }, { event: 'noAudio', next: 'to_flex' }, { event: 'hangup', next: 'voicemail' }],
      properties: { transcribe: true, transcription_callback_url: `${host.url}/transcribed`, play_beep: 'true', finish_on_key: '#' },
    },
    {
      name: 'voicemail',
      type: 'run-function',
      transitions: [{ event: 'success' }, { event: 'fail' }],
      properties: { url: `${host.url}/create`, parameters: [{ key: 'recordingSid', value: '{{widgets.record.RecordingSid}}' }] },
    },
    {
      name: 'to_flex',
      type: 'send-to-flex',
      transitions: [{ event: 'callComplete' }, { event: 'failedToEnqueue', next: 'sorry' }, { event: 'callFailure' }],
      properties: {
        workflow: emu.defaultWorkflowSid,
        channel: 'voice',
        attributes: '{"type": "inbound", "name": "{{trigger.call.From}}", "menu": "{{widgets.menu.Digits}}"}',
        waitUrl: 'https://functions.example/wait?mode=initialize',
        waitUrlMethod: 'GET',
      },
    },
  );
  const flow = await client.studio.v2.flows.create({ friendlyName: 'IVR', status: 'published', definition });
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550199' });
  await client.incomingPhoneNumbers(number.sid).update({ voiceUrl: flow.webhookUrl });
  const FROM = '+14155550123';

  await t.test('a draft revision does not change what calls run', async () => {
    await client.studio.v2.flows(flow.sid).update({ status: 'draft', definition: flowOf(trigger()) });
    const step = await emu.placeCall({ from: FROM, to: '+15555550199' });
    assert.equal(step.revision, 1);
    assert.equal(step.awaiting.type, 'gather');
    await emu.hangup(step.callSid);
    assert.equal(emu.callStep(step.callSid).status, 'ended');
  });

  await t.test('keypress 1: run-function gets the rendered parameters; the flow ends and hangs up', async () => {
    const first = await emu.placeCall({ from: FROM, to: '+15555550199' });
    assert.deepEqual(first.heard.map((h) => h.text), ['Press 1 for a callback, 2 for a voicemail.']);
    assert.equal(first.awaiting.numDigits, 1);
    const done = await emu.sendDigits(first.callSid, { digits: '1' });
    assert.equal(done.status, 'ended');
    assert.equal(done.callStatus, 'completed');
    assert.ok(done.heard.some((h) => h.text === 'Task WT123 created.'));
    assert.deepEqual(host.received.at(-1), { path: '/create', params: { numberToCall: FROM, numberToCallFrom: '+15555550199' } });
    const execution = await client.studio.v2.flows(flow.sid).executions(done.executionSid).fetch();
    assert.equal(execution.status, 'ended');
    assert.equal(execution.context.widgets.callback.status_code, 200);
  });

  await t.test('a failing function takes the fail transition', async () => {
    const first = await emu.placeCall({ from: FROM, to: '+15555550199' });
    const done = await emu.sendDigits(first.callSid, { digits: '9' });
    assert.ok(done.heard.some((h) => h.text === 'Sorry (500).'));
  });

  await t.test('keypress 2: a recording, then the function with its SID, then the transcription callback', async () => {
    const first = await emu.placeCall({ from: FROM, to: '+15555550199' });
    const recording = await emu.sendDigits(first.callSid, { digits: '2' });
    assert.equal(recording.awaiting.type, 'record');
    assert.equal(recording.heard.at(-1).text, '(beep)');
    await assert.rejects(emu.sendDigits(first.callSid, { digits: '1' }), /not waiting for that/);
    const done = await emu.leaveRecording(first.callSid, { duration: 7, transcript: 'Please call me back.' });
    assert.equal(done.status, 'ended');
    const recordingSid = host.received.find((r) => r.params.recordingSid).params.recordingSid;
    assert.match(recordingSid, /^RE/);
    const transcribed = host.received.find((r) => r.path === '/transcribed');
    assert.equal(transcribed.params.TranscriptionText, 'Please call me back.');
    assert.equal(transcribed.params.RecordingSid, recordingSid);
    assert.equal(transcribed.params.From, FROM);
  });

  await t.test('a timeout goes to Send to Flex: the call waits in the workflow\'s queue with its task', async () => {
    const first = await emu.placeCall({ from: FROM, to: '+15555550199' });
    const queued = await emu.gatherTimeout(first.callSid);
    assert.equal(queued.status, 'active');
    assert.equal(queued.awaiting.type, 'enqueued');
    assert.equal(queued.awaiting.waitUrl, 'https://functions.example/wait?mode=initialize');
    assert.equal(queued.awaiting.waitUrlMethod, 'GET');
    const task = emu.task(queued.awaiting.taskSid);
    const attributes = JSON.parse(task.attributes);
    assert.equal(attributes.call_sid, first.callSid);
    assert.equal(attributes.name, FROM);
    assert.equal(attributes.menu, '', 'a widget that never ran renders as nothing');
    assert.equal(task.assignment_status, 'pending');
    assert.equal(emu.call(first.callSid).queue_sid, queued.awaiting.queueSid);
    await emu.hangup(first.callSid);
    assert.equal(emu.task(queued.awaiting.taskSid).assignment_status, 'canceled');
  });

  await t.test('over HTTP: the control routes', async () => {
    const placed = await control(emu, 'POST', '/inbound-calls', { from: FROM, to: '+15555550199' });
    assert.equal(placed.status, 201);
    assert.equal(placed.body.studio, true);
    const step = await control(emu, 'GET', `/calls/${placed.body.callSid}/studio`);
    assert.equal(step.body.awaiting.type, 'gather');
    const bad = await control(emu, 'POST', `/calls/${placed.body.callSid}/studio/digits`, { digits: 'x' });
    assert.equal(bad.status, 400);
    const pressed = await control(emu, 'POST', `/calls/${placed.body.callSid}/studio/digits`, { digits: '3' });
    assert.equal(pressed.body.awaiting.type, 'record');
    const noAudio = await control(emu, 'POST', `/calls/${placed.body.callSid}/studio/recording`, { duration: 0 });
    assert.equal(noAudio.body.awaiting.type, 'enqueued');
    const unknown = await control(emu, 'POST', '/inbound-calls', { from: FROM, to: '+19995550000' });
    assert.equal(unknown.status, 404);
  });

  await t.test('an unknown workflow fails to enqueue, and the flow goes on from failedToEnqueue', async () => {
    const broken = JSON.parse(JSON.stringify(definition));
    broken.states.find((s) => s.name === 'to_flex').properties.workflow = 'WW' + 'f'.repeat(32);
    const republished = await client.studio.v2.flows(flow.sid).update({ status: 'published', definition: broken });
    const first = await emu.placeCall({ from: FROM, to: '+15555550199' });
    assert.equal(first.revision, republished.revision);
    const done = await emu.gatherTimeout(first.callSid);
    assert.equal(done.status, 'ended');
    assert.equal(done.callStatus, 'completed');
    assert.ok(done.heard.some((h) => h.text.startsWith('Sorry')));
    assert.equal(emu.tasks().filter((task) => JSON.parse(task.attributes).call_sid === first.callSid).length, 0);
  });

  await t.test('a number with a plain TwiML URL is answered with that URL', async () => {
    await client.incomingPhoneNumbers.create({ phoneNumber: '+18005550100', voiceUrl: 'https://functions.example/answer' });
    const placed = await emu.placeCall({ from: FROM, to: '+18005550100' });
    assert.equal(placed.studio, false);
    assert.equal(placed.voiceUrl, 'https://functions.example/answer');
  });
});
