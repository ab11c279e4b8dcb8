'use strict';
// Renders the core's TwiML verbs (data) with the official library's VoiceResponse.

function say(parent, verb) {
  const attributes = { voice: verb.voice, language: verb.language };
  if (verb.interpretAs) {
    parent.say(attributes).sayAs({ 'interpret-as': verb.interpretAs }, verb.text);
  } else {
    parent.say(attributes, verb.text);
  }
}

// Verbs allowed inside <Gather>.
const NESTED = {
  say,
  play: (parent, verb) => parent.play({}, verb.url),
  pause: (parent, verb) => parent.pause({ length: verb.length }),
};

function gather(response, verb) {
  const attributes = {
    input: verb.input,
    timeout: verb.timeout,
    action: verb.action,
    method: verb.method,
    actionOnEmptyResult: verb.actionOnEmptyResult,
  };
  if (verb.numDigits !== undefined) attributes.numDigits = verb.numDigits;
  if (verb.finishOnKey !== undefined) attributes.finishOnKey = verb.finishOnKey;
  const node = response.gather(attributes);
  for (const child of verb.children || []) {
    const render = NESTED[child.verb];
    if (!render) throw new Error(`A <Gather> cannot hold a "${child.verb}" verb.`);
    render(node, child);
  }
}

function record(response, verb) {
  const attributes = {
    playBeep: verb.playBeep,
    timeout: verb.timeout,
    finishOnKey: verb.finishOnKey,
    action: verb.action,
    method: verb.method,
    transcribe: verb.transcribe,
  };
  // Without maxLength, Twilio's own default applies (as in the feature this replaces).
  if (verb.maxLength !== undefined) attributes.maxLength = verb.maxLength;
  if (verb.transcribeCallback) attributes.transcribeCallback = verb.transcribeCallback;
  response.record(attributes);
}

const TOP_LEVEL = {
  ...NESTED,
  gather,
  record,
  redirect: (response, verb) => response.redirect({ method: verb.method }, verb.url),
  hangup: (response) => response.hangup(),
};

/** Returns a VoiceResponse holding the plan's verbs in order. */
function renderTwiml(verbs) {
  const response = new Twilio.twiml.VoiceResponse();
  for (const verb of verbs || []) {
    const render = TOP_LEVEL[verb.verb];
    if (!render) throw new Error(`The wait experience asked for an unknown TwiML verb "${verb.verb}".`);
    render(response, verb);
  }
  return response;
}

module.exports = { renderTwiml };
