'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, basicAuth, rejection } = require('./helpers');

test('Voice API through the official client', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());

  const mp3 = Buffer.from('ID3 fake mp3 bytes \u0000\u00ff for the emulator', 'latin1');
  const seeded = emu.seed({
    voiceQueues: [{ friendlyName: 'support' }],
    recordings: [{ callSid: 'CA' + 'c'.repeat(32), duration: 12, audioBase64: mp3.toString('base64') }],
  });
  const recordingSid = seeded.recordings[0].sid;
  const inbound = emu.simulateInboundCall({ from: '+15550001111', to: '+15550002222' });

  await t.test('account fetch', async () => {
    const account = await client.api.v2010.accounts(emu.accountSid).fetch();
    assert.equal(account.sid, emu.accountSid);
    assert.equal(account.status, 'active');
  });

  await t.test('queues list and fetch; the Flex queue is named after the workflow SID', async () => {
    const queues = await client.queues.list();
    assert.deepEqual(queues.map((q) => q.friendlyName).sort(), ['support', emu.defaultWorkflowSid].sort());
    const q = await client.queues(inbound.queueSid).fetch();
    assert.equal(q.friendlyName, emu.defaultWorkflowSid);
    assert.equal(q.currentSize, 1);
    assert.ok(q.dateCreated instanceof Date && !Number.isNaN(q.dateCreated.getTime()));
    assert.equal((await rejection(client.queues('QU' + '0'.repeat(32)).fetch())).status, 404);
  });

  await t.test('queue paging uses next_page_uri', async () => {
    emu.seed({ voiceQueues: [{ friendlyName: 'q3' }, { friendlyName: 'q4' }, { friendlyName: 'q5' }] });
    const page = await client.queues.page({ pageSize: 2 });
    assert.equal(page.instances.length, 2);
    const all = await client.queues.list({ pageSize: 2 });
    assert.equal(all.length, 5);
  });

  await t.test('call fetch', async () => {
    const call = await client.calls(inbound.callSid).fetch();
    assert.equal(call.sid, inbound.callSid);
    assert.equal(call.from, '+15550001111');
    assert.equal(call.to, '+15550002222');
    assert.equal(call.direction, 'inbound');
    assert.equal(call.status, 'in-progress');
    const err = await rejection(client.calls('CA' + 'e'.repeat(32)).fetch());
    assert.equal(err.status, 404);
    assert.equal(err.code, 20404);
  });

  await t.test('call update with Url is recorded and takes the call out of its queue', async () => {
    const url = 'https://functions.example/features/callback-and-voicemail/studio/wait-experience?mode=record-voicemail';
    const updated = await client.calls(inbound.callSid).update({ url, method: 'POST' });
    assert.equal(updated.status, 'in-progress');
    const state = emu.call(inbound.callSid);
    assert.equal(state.updates.length, 1);
    assert.equal(state.updates[0].url, url);
    assert.equal(state.updates[0].method, 'POST');
    assert.equal(state.current_url, url);
    assert.equal(state.queue_sid, null);
    assert.equal((await client.queues(inbound.queueSid).fetch()).currentSize, 0);
  });

  await t.test('call update with Twiml, bad Url, then Status=completed; an ended call cannot be redirected', async () => {
    await client.calls(inbound.callSid).update({ twiml: '<Response><Hangup/></Response>' });
    const bad = await rejection(client.calls(inbound.callSid).update({ url: 'relative/path' }));
    assert.equal(bad.status, 400);
    assert.equal(bad.code, 21205);
    const done = await client.calls(inbound.callSid).update({ status: 'completed' });
    assert.equal(done.status, 'completed');
    assert.ok(done.endTime instanceof Date);
    const late = await rejection(client.calls(inbound.callSid).update({ url: 'https://example.com/x' }));
    assert.equal(late.status, 400);
    assert.equal(late.code, 21220);
    const history = emu.call(inbound.callSid).updates;
    assert.deepEqual(history.map((u) => Object.keys(u).filter((k) => k !== 'date').sort()), [['method', 'url'], ['twiml'], ['status']]);
  });

  await t.test('recording metadata fetch', async () => {
    const rec = await client.recordings(recordingSid).fetch();
    assert.equal(rec.sid, recordingSid);
    assert.equal(rec.callSid, 'CA' + 'c'.repeat(32));
    assert.equal(rec.duration, '12');
    assert.equal(rec.status, 'completed');
    assert.equal(rec.mediaUrl, `https://api.twilio.com/2010-04-01/Accounts/${emu.accountSid}/Recordings/${recordingSid}`);
    assert.ok(rec.dateCreated instanceof Date);
  });

  await t.test('recording media (.mp3, .wav) needs basic auth and returns the stored bytes', async () => {
    const mediaUrl = `${emu.url}/api/2010-04-01/Accounts/${emu.accountSid}/Recordings/${recordingSid}`;
    const noAuth = await fetch(`${mediaUrl}.mp3`);
    assert.equal(noAuth.status, 401);
    assert.equal((await noAuth.json()).code, 20003);
    const res = await fetch(`${mediaUrl}.mp3`, { headers: { Authorization: basicAuth(emu) } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'audio/mpeg');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), mp3);
    const wav = await fetch(`${mediaUrl}.wav`, { headers: { Authorization: basicAuth(emu) } });
    assert.equal(wav.headers.get('content-type'), 'audio/x-wav');

    // the same through the library's own RequestClient (arraybuffer-free: compare lengths)
    const viaClient = await client.request({ method: 'get', uri: `https://api.twilio.com/2010-04-01/Accounts/${emu.accountSid}/Recordings/${recordingSid}.mp3` });
    assert.equal(viaClient.statusCode, 200);
    assert.equal(viaClient.headers['content-type'], 'audio/mpeg');
  });

  await t.test('a recording seeded without bytes serves a valid silent WAV', async () => {
    const rec = emu.addRecording({ duration: 2 });
    const res = await fetch(`${emu.url}/api/2010-04-01/Accounts/${emu.accountSid}/Recordings/${rec.sid}`, { headers: { Authorization: basicAuth(emu) } });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString('ascii'), 'RIFF');
    assert.equal(bytes.subarray(8, 12).toString('ascii'), 'WAVE');
  });

  await t.test('recording delete, then 404 on metadata and media', async () => {
    assert.equal(await client.recordings(recordingSid).remove(), true);
    assert.equal((await rejection(client.recordings(recordingSid).fetch())).status, 404);
    const res = await fetch(`${emu.url}/api/2010-04-01/Accounts/${emu.accountSid}/Recordings/${recordingSid}.mp3`, { headers: { Authorization: basicAuth(emu) } });
    assert.equal(res.status, 404);
  });

  await t.test('another account SID in the path is 404', async () => {
    const other = client.api.v2010.accounts('AC' + '5'.repeat(32));
    assert.equal((await rejection(other.queues.list())).status, 404);
  });
});
