'use strict';
// The wait experience in the caller's language, driven over HTTP as Twilio's
// voice side drives it: the language chosen on the wait URL is spoken with that
// language's voice at every step, including after the call leaves the queue.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, SimulatedCall, verbNames, queryOf } = require('./helpers');

const CALLER = '+14155550123';
const CALLED = '+18005550100';
let stack;
let locales;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'Europe/London' } });
  const { loadCore } = require('@cbvm/core');
  locales = Object.fromEntries((await loadCore()).constants().waitLocales.map((l) => [l.tag, l]));
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

function enqueueCaller() {
  const inbound = stack.emulator.simulateInboundCall({ from: CALLER, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: CALLER, to: CALLED });
  return { inbound, call };
}

// Every <Say>, nested ones included, as [text, voice, language].
function says(verbs) {
  return verbs.flatMap((v) => [...(v.name === 'Say' ? [[v.text, v.attrs.voice, v.attrs.language]] : []), ...says(v.children || [])]);
}

function assertSpoken(verbs, locale, keys) {
  const spoken = says(verbs);
  assert.deepEqual(
    spoken.map(([text]) => text),
    keys.map((key) => (key.startsWith('+') ? key : locale.messages[key])),
  );
  for (const [, voice, language] of spoken) assert.deepEqual({ voice, language }, { voice: locale.voice, language: locale.language });
}

test('language=es-MX on the wait URL: Spanish with the Spanish voice at every step, kept across redirects, to a callback', async () => {
  const es = locales['es-MX'];
  const { inbound, call } = enqueueCaller();
  const toLoop = await call.fetch(`${PATHS.waitExperience}?mode=initialize&language=es-MX`);
  assert.deepEqual(verbNames(toLoop), ['Redirect']);
  assert.deepEqual(queryOf(toLoop[0].text), { mode: 'main-wait-loop', enqueuedTaskSid: inbound.taskSid, language: 'es-MX' });

  const loop = await call.followRedirect(toLoop);
  assert.deepEqual(verbNames(loop), ['Say', 'Gather', 'Redirect']);
  assertSpoken(loop, es, ['greeting', 'optionsPrompt']);
  assert.equal(es.voice, 'Polly.Mia');
  assert.equal(loop[0].text, 'Gracias por su llamada. Por favor, permanezca en la línea; el próximo agente disponible lo atenderá en breve.');
  assert.equal(queryOf(loop[1].attrs.action).language, 'es-MX');
  assert.equal(queryOf(loop[2].text).language, 'es-MX');

  const again = await call.followRedirect(loop);
  assertSpoken(again, es, ['optionsPrompt']);

  const menu = await call.press(loop, '*');
  assertSpoken(menu, es, ['menu']);
  const offer = await call.followRedirect(await call.press(menu, '1'));
  assertSpoken(offer, es, ['callbackNumberIntro', CALLER, 'callbackNumberOptions']);
  const submitted = await call.followRedirect(await call.press(offer, '1'));
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assertSpoken(submitted, es, ['callbackSubmitted']);
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'canceled');
});

test('language=zh-CN: Mandarin (cmn-CN) through the voicemail, whose recording URL keeps the language', async () => {
  const zh = locales['zh-Hans'];
  assert.deepEqual({ voice: zh.voice, language: zh.language }, { voice: 'Polly.Zhiyu', language: 'cmn-CN' });
  const { inbound, call } = enqueueCaller();
  const loop = await call.followRedirect(await call.fetch(`${PATHS.waitExperience}?mode=initialize&language=zh-CN`));
  assertSpoken(loop, zh, ['greeting', 'optionsPrompt']);
  const menu = await call.press(loop, '*');
  await call.followRedirect(await call.press(menu, '2'));

  const recordUrl = stack.emulator.call(inbound.callSid).current_url;
  assert.equal(queryOf(recordUrl).mode, 'record-voicemail');
  assert.equal(queryOf(recordUrl).language, 'zh-Hans');
  call.inQueue = false;
  const recordTwiml = await call.fetch(recordUrl);
  assert.deepEqual(verbNames(recordTwiml), ['Say', 'Record', 'Say', 'Redirect']);
  assertSpoken(recordTwiml, zh, ['voicemailPrompt', 'voicemailNotCaptured']);
  assert.equal(queryOf(recordTwiml[1].attrs.action).language, 'zh-Hans');
  assert.equal(queryOf(recordTwiml[1].attrs.transcribeCallback).language, 'zh-Hans');
});

test('an unknown language is the configured default, and the URLs stay as they were', async () => {
  stack.env.WAIT_EXPERIENCE_LANGUAGE = 'pt-BR';
  try {
    const { call } = enqueueCaller();
    const toLoop = await call.fetch(`${PATHS.waitExperience}?mode=initialize&language=xx-YY`);
    assert.equal(queryOf(toLoop[0].text).language, undefined);
    const loop = await call.followRedirect(toLoop);
    assertSpoken(loop, locales['pt-BR'], ['greeting', 'optionsPrompt']);
    assert.equal(queryOf(loop[1].attrs.action).language, undefined);
  } finally {
    delete stack.env.WAIT_EXPERIENCE_LANGUAGE;
  }
});

test('overrides and voices per language from the environment', async () => {
  stack.env.WAIT_EXPERIENCE_MESSAGES = JSON.stringify({ greeting: 'Welcome to Example Co.', th: { greeting: 'ยินดีต้อนรับสู่ Example Co. ค่ะ' } });
  stack.env.WAIT_EXPERIENCE_VOICES = JSON.stringify({ th: 'Google.th-TH-Standard-A', 'pt-BR': 'Polly.Camila-Neural' });
  try {
    const { call } = enqueueCaller();
    const th = await call.followRedirect(await call.fetch(`${PATHS.waitExperience}?mode=initialize&language=TH`));
    assert.deepEqual(says(th)[0], ['ยินดีต้อนรับสู่ Example Co. ค่ะ', 'Google.th-TH-Standard-A', 'th-TH']);
    const pt = await call.fetch(`${PATHS.waitExperience}?mode=main-wait-loop&language=pt`);
    assert.deepEqual(says(pt)[0], [locales['pt-BR'].messages.greeting, 'Polly.Camila-Neural', 'pt-BR']);
    const en = await call.fetch(`${PATHS.waitExperience}?mode=main-wait-loop`);
    assert.deepEqual(says(en)[0], ['Welcome to Example Co.', 'Polly.Joanna', 'en-US']);
  } finally {
    delete stack.env.WAIT_EXPERIENCE_MESSAGES;
    delete stack.env.WAIT_EXPERIENCE_VOICES;
  }
});

test('a configuration of languages that cannot be read is refused with a sentence naming it', async () => {
  const cases = [
    [{ WAIT_EXPERIENCE_VOICES: 'Polly.Mia' }, /WAIT_EXPERIENCE_VOICES must be a JSON object, such as \{"es-MX": "Polly.Mia-Neural"\}/],
    [{ WAIT_EXPERIENCE_VOICES: '{"fr-FR":"Polly.Lea"}' }, /options\.voices\.fr-FR is not a locale \(en-US, es-MX, es-ES, pt-BR, th, zh-Hans\)/],
    [{ WAIT_EXPERIENCE_MESSAGES: '{"es":{"greeting":"Hola"}}' }, /options\.messages\.es is neither a known message nor a locale/],
    [{ WAIT_EXPERIENCE_MESSAGES: '{"es-MX":{"greting":"Hola"}}' }, /options\.messages\.es-MX\.greting is not a known message/],
  ];
  for (const [env, message] of cases) {
    Object.assign(stack.env, env);
    try {
      const response = await stack.request(`${PATHS.waitExperience}?mode=main-wait-loop&language=es-MX`, { params: { CallSid: 'CA' + '1'.repeat(32) } });
      assert.equal(response.status, 500, JSON.stringify(env));
      assert.match(response.body.message, message);
    } finally {
      for (const name of Object.keys(env)) delete stack.env[name];
    }
  }
});
