// Plain-JavaScript versions of four of the core's rules, kept only so the
// benchmark can compare the WebAssembly core with what the same rule costs
// in JavaScript. The product never uses these: its decisions are in wasm/.

export function classifyTask(task) {
  if (!task || task.taskChannelUniqueName !== 'voice') return 'other';
  let attrs = task.attributes;
  if (typeof attrs === 'string') {
    try {
      attrs = JSON.parse(attrs);
    } catch {
      return 'other';
    }
  }
  const type = attrs && attrs.taskType;
  if (type === 'callback' || type === 'voicemail' || type === 'callback-outbound') return type;
  return 'other';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})$/;
function isoInstant(text) {
  if (typeof text !== 'string' || !ISO.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
const ZONE = /^[A-Za-z0-9/_+-]{1,64}$/;
const SID = /^RE[0-9a-fA-F]{32}$/;
const text = (o, k) => (o && typeof o[k] === 'string' && o[k] !== '' ? o[k] : null);

export function panelState(input) {
  const task = input.task;
  const attrs = typeof task.attributes === 'string' ? JSON.parse(task.attributes) : task.attributes || {};
  const kind = classifyTask(task);
  const out = {
    kind, headingKey: '', descriptionKey: '', hasCallbackData: false, showRecording: false,
    recordingDeleted: false, recordingSid: null, transcript: null, contactPhone: null, numberToCall: null,
    receivedAt: null, agentTimeZone: input.agentTimeZone || 'UTC', mainTimeZone: null, showSystemTime: false,
    attempt: null,
    placeCall: { visible: false, enabled: false, disabledReason: null },
    retryLater: { visible: false, enabled: false, disabledReason: null },
  };
  if (kind !== 'callback' && kind !== 'voicemail') return out;
  const voicemail = kind === 'voicemail';
  out.headingKey = voicemail ? 'VoicemailHeading' : 'CallbackHeading';
  out.descriptionKey = voicemail ? 'VoicemailDescription' : 'CallbackDescription';
  const cbd = attrs.callBackData;
  out.hasCallbackData = !!cbd && typeof cbd === 'object' && !Array.isArray(cbd);
  const data = out.hasCallbackData ? cbd : {};
  if (voicemail) {
    const sid = text(data, 'recordingSid');
    out.recordingDeleted = data.isDeleted === true || data.isDeleted === 'true';
    if (sid && SID.test(sid)) {
      out.recordingSid = sid;
      out.showRecording = !out.recordingDeleted;
    }
  }
  out.transcript = text(data, 'transcriptText') || text(data, 'transcriptionText') || text(data, 'TranscriptionText');
  const toCall = text(data, 'numberToCall');
  out.contactPhone = toCall || text(attrs, 'name') || text(attrs, 'from');
  // Place Call is offered only for a number the outbound call would accept.
  let dialable = false;
  if (toCall) {
    try {
      out.numberToCall = e164(toCall, 'numberToCall', false);
      dialable = true;
    } catch {
      out.numberToCall = toCall;
    }
  }
  out.receivedAt = isoInstant(text(data, 'utcDateTimeReceived')) || isoInstant(task.dateCreated);
  const zone = text(data, 'mainTimeZone');
  if (zone && ZONE.test(zone) && zone[0] !== '/' && zone[zone.length - 1] !== '/') out.mainTimeZone = zone;
  out.showSystemTime = !!(out.receivedAt && out.mainTimeZone && out.mainTimeZone !== out.agentTimeZone);
  const cfg = input.config || {};
  const max = Number.isInteger(cfg.max_attempts) && cfg.max_attempts >= 1 ? cfg.max_attempts : 1;
  const done = Number.isInteger(data.attempts) && data.attempts >= 0 && data.attempts < 100000 ? data.attempts : 0;
  const number = done + 1;
  if (cfg.allow_requeue) out.attempt = { number, of: max };
  const assigned = task.taskStatus === 'assigned';
  const offline = !!input.offlineActivitySid && input.workerActivitySid === input.offlineActivitySid;
  out.placeCall.visible = true;
  out.placeCall.disabledReason = !assigned ? 'not-assigned' : input.actionPending ? 'action-pending'
    : offline ? 'worker-offline' : !out.numberToCall ? 'no-number' : !dialable ? 'invalid-number' : null;
  out.placeCall.enabled = out.placeCall.disabledReason === null;
  out.retryLater.visible = !!cfg.allow_requeue && out.hasCallbackData && number < max;
  if (out.retryLater.visible) {
    out.retryLater.disabledReason = !assigned ? 'not-assigned' : input.actionPending ? 'action-pending' : null;
    out.retryLater.enabled = out.retryLater.disabledReason === null;
  }
  return out;
}

function e164(raw, field, allowSip) {
  const s = String(raw).trim();
  if (allowSip && /^sip:/i.test(s)) return s;
  let digits = s.replace(/[ \-.()/]/g, '');
  let plus = false;
  if (digits.startsWith('+')) {
    plus = true;
    digits = digits.slice(1);
  }
  if (!/^\d+$/.test(digits)) throw new Error(`${field} must be a phone number with its country code`);
  if (!plus && digits.startsWith('00')) digits = digits.slice(2);
  else if (!plus && digits.startsWith('0')) throw new Error(`${field} must be a phone number with its country code`);
  if (digits[0] === '0' || digits.length < 7 || digits.length > 15) throw new Error(`${field} must be a phone number with its country code`);
  return `+${digits}`;
}

export function buildCallbackTask({ params, original, config, now }) {
  const numberToCall = e164(params.numberToCall, 'numberToCall', false);
  const numberToCallFrom = e164(params.numberToCallFrom, 'numberToCallFrom', true);
  const originalAttrs = original ? (typeof original.attributes === 'string' ? JSON.parse(original.attributes) : original.attributes) : {};
  const workflowSid = params.workflowSid || (original && original.workflow_sid) || config.defaultWorkflowSid;
  if (!workflowSid) throw new Error('No workflow');
  const attrs = JSON.parse(JSON.stringify(originalAttrs));
  delete attrs.call_sid;
  delete attrs.reservation_attributes;
  delete attrs.conference;
  const conversations = attrs.conversations && typeof attrs.conversations === 'object' ? attrs.conversations : {};
  delete conversations.abandoned;
  delete conversations.hang_up_by;
  const recordingSid = params.recordingSid || params.RecordingSid || '';
  Object.assign(attrs, {
    taskType: recordingSid ? 'voicemail' : 'callback', name: numberToCall, from: numberToCall, direction: 'inbound',
    callBackData: {
      numberToCall, numberToCallFrom, attempts: 0, mainTimeZone: config.mainTimeZone || 'UTC',
      utcDateTimeReceived: new Date(now).toISOString(), isDeleted: false,
    },
  });
  const recording = {
    recordingSid, recordingUrl: params.recordingUrl || params.RecordingUrl, transcriptSid: params.transcriptSid || params.TranscriptionSid,
    transcriptText: params.transcriptText || params.TranscriptionText,
  };
  for (const [key, value] of Object.entries(recording)) if (value) attrs.callBackData[key] = value;
  const conversationId = params.conversation_id || conversations.conversation_id || (original && original.sid);
  if (conversationId) conversations.conversation_id = conversationId;
  if (Object.keys(conversations).length) attrs.conversations = conversations;
  if (params.flexFlowSid) attrs.flow_execution_sid = params.flexFlowSid;
  return {
    workflowSid, taskChannel: params.taskChannel || (original && original.task_channel_unique_name) || 'voice',
    timeout: params.timeout ? Number(params.timeout) : (original && original.timeout) || 86400,
    priority: params.priority ? Number(params.priority) : (original && original.priority) || 0,
    attributes: attrs,
  };
}

// The default English texts of the prompts this step says.
const MESSAGES = {
  greeting: 'Thank you for calling. Please hold, and the next available agent will be with you.',
  optionsPrompt: 'At any time, press the star key to request a callback or to leave a voicemail.',
  optionsPromptCallbackOnly: 'At any time, press the star key to request a callback.',
  optionsUnavailable: 'Please continue to hold. An agent will be with you as soon as possible.',
};
// Every prompt the core knows, which options.messages may replace.
const MESSAGE_KEYS = new Set([...Object.keys(MESSAGES), 'menu', 'menuCallbackOnly', 'callbackNumberIntro',
  'callbackNumberOptions', 'callbackNoNumber', 'enterNumber', 'confirmNumberIntro', 'confirmNumberOptions',
  'invalidNumber', 'callbackSubmitted', 'callbackFailed', 'agentAnswering', 'voicemailPrompt', 'voicemailNotCaptured',
  'voicemailRecorded', 'voicemailUnavailable', 'voicemailFailedHangup', 'unknownMode']);

const DEFAULT_HOLD_MUSIC = 'http://com.twilio.music.soft-rock.s3.amazonaws.com/_ghost_-_promo_2_sample_pack.mp3';
const FLAGS = ['retainPlaceInQueue', 'retainRouting', 'allowAlternateNumber', 'allowVoicemail', 'transcribe'];
const TEXTS = ['voice', 'language', 'holdMusicUrl'];

/**
 * One wait-experience step: the main wait loop, the step every waiting caller
 * repeats, with the checks the core makes of the same input (options typed,
 * prompts known, the context's clock an instant, the caller's number dialable).
 */
export function waitStep({ params, options = {}, context }) {
  if (!params || typeof params !== 'object') throw new Error('params must be an object.');
  for (const k of FLAGS) if (k in options && typeof options[k] !== 'boolean') throw new Error(`options.${k} must be true or false.`);
  for (const k of TEXTS) if (k in options && typeof options[k] !== 'string') throw new Error(`options.${k} must be a string.`);
  const pages = options.maxLookupPages;
  if (pages !== undefined && !(Number.isInteger(pages) && pages >= 1 && pages <= 20)) throw new Error('options.maxLookupPages must be a whole number from 1 to 20.');
  const messages = options.messages || {};
  for (const k in messages) {
    if (typeof messages[k] !== 'string') throw new Error(`options.messages.${k} must be a string.`);
    if (!MESSAGE_KEYS.has(k)) throw new Error(`options.messages.${k} is not a known message.`);
  }
  if (!context || !context.waitUrl) throw new Error("context.waitUrl must be the function's URL.");
  if (!isoInstant(context.now)) throw new Error('context.now must be an ISO-8601 instant.');
  const param = (k) => (typeof params[k] === 'string' && params[k] !== '' ? params[k] : null);
  let caller = null;
  const from = param('numberToCall') || param('From') || param('Caller');
  if (from) {
    try {
      caller = e164(from, 'From', false);
    } catch {
      caller = null;
    }
  }
  const offersCallback = !!caller || options.allowAlternateNumber !== false;
  const offersVoicemail = options.allowVoicemail !== false && !!caller;
  const message = (k) => messages[k] || MESSAGES[k];
  const url = (mode, query) => `${context.waitUrl}${context.waitUrl.includes('?') ? '&' : '?'}mode=${mode}${query.map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('')}`;
  const say = (t) => ({ verb: 'say', text: t, voice: options.voice || 'Polly.Joanna', language: options.language || 'en-US' });
  const hold = { verb: 'play', url: options.holdMusicUrl || DEFAULT_HOLD_MUSIC };
  const task = /^WT[0-9a-fA-F]{32}$/.test(params.enqueuedTaskSid || '') ? params.enqueuedTaskSid : null;
  const twiml = [];
  if (params.skipGreeting !== 'true') twiml.push(say(message('greeting')));
  const q = task ? [['enqueuedTaskSid', task]] : [];
  if (task && offersCallback) {
    const prompt = message(offersVoicemail ? 'optionsPrompt' : 'optionsPromptCallbackOnly');
    twiml.push({ verb: 'gather', input: 'dtmf', timeout: 2, action: url('handle-initial-choice', q), method: 'POST', actionOnEmptyResult: false, children: [say(prompt), hold], numDigits: 1 });
  } else {
    twiml.push(say(message('optionsUnavailable')), hold);
  }
  twiml.push({ verb: 'redirect', url: url('main-wait-loop', [...q, ['skipGreeting', 'true']]), method: 'POST' });
  return { needs: null, twiml, effects: [], log: [] };
}
