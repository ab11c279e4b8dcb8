'use strict';
// The friendly API over the raw WebAssembly module. Shared by the Node and
// browser loaders; all conversion between JS values and the core's JSON lives
// here, and nothing here decides anything.

const { createFrames, shapeOf } = require('./frames.cjs');

const KINDS = ['callback', 'voicemail', 'callback-outbound', 'other'];

/** An error the core returned as a value: `code` is stable, `message` is a sentence. */
class CoreError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.status = status;
  }
}

function createApi(raw) {
  const frames = createFrames(raw);
  // Decision numbers, in the core's order (its `decisions` constant), and
  // the input shapes of the decisions that name what they read.
  let numbers;
  const shapes = [];
  function numberOf(decision) {
    if (!numbers) {
      numbers = new Map();
      JSON.parse(raw._run('constants', '{}')).value.decisions.forEach((name, i) => numbers.set(name, i));
      const described = JSON.parse(raw._run('inputShapes', '{}')).value;
      for (const name of Object.keys(described)) shapes[numbers.get(name)] = shapeOf(described[name]);
    }
    return numbers.get(decision);
  }

  // Values cross as frames (see frames.cjs); JSON text is for runText.
  function answer(index, decision, input) {
    if (index === undefined) return runText(decision, '{}');
    try {
      return frames(index, input === undefined ? {} : input, shapes[index]);
    } catch (err) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `${decision}: the input cannot be written as JSON (${err.message}).`, status: 500 } };
    }
  }

  function run(decision, input) {
    return answer(numberOf(decision), decision, input);
  }

  function runText(decision, text) {
    return JSON.parse(raw._run(String(decision), String(text)));
  }

  function valueOf(envelope) {
    if (!envelope.ok) throw new CoreError(envelope.error.code, envelope.error.message, envelope.error.status);
    return envelope.value;
  }

  function call(decision, input) {
    return valueOf(run(decision, input));
  }

  // A method for one decision, its number looked up once.
  function method(decision) {
    let index;
    return (input) => {
      if (index === undefined) index = numberOf(decision);
      return valueOf(answer(index, decision, input));
    };
  }

  function taskTypeOf(attributes) {
    if (typeof attributes === 'string') {
      try {
        attributes = JSON.parse(attributes);
      } catch {
        return '';
      }
    }
    const type = attributes && attributes.taskType;
    return typeof type === 'string' ? type : '';
  }

  // Flex asks for a task's kind on every render of every task. The core's
  // answer for a (channel, taskType) pair never changes, so each pair crosses
  // into WebAssembly once; the bounds keep odd task types from growing it.
  let kinds = Object.create(null); // channel -> taskType -> kind
  let pairs = 0;
  function learnKind(channel, type) {
    if (pairs >= 512) {
      kinds = Object.create(null);
      pairs = 0;
    }
    const byType = kinds[channel] || (kinds[channel] = Object.create(null));
    pairs += 1;
    return (byType[type] = KINDS[raw._classifyTask(channel, type)]);
  }
  // The few pairs a desktop shows are checked first by identity, cheaper than
  // a keyed lookup; the table above answers the rest.
  const recent = [];
  function kindOf(channel, type) {
    for (let i = 0; i < recent.length; i += 3) {
      if (recent[i] === channel && recent[i + 1] === type) return recent[i + 2];
    }
    const byType = kinds[channel];
    let kind = byType !== undefined ? byType[type] : undefined;
    if (kind === undefined) kind = learnKind(channel, type);
    if (recent.length >= 24) recent.splice(0, 3);
    recent.push(channel, type, kind);
    return kind;
  }

  let constants;

  return Object.freeze({
    run,
    runText,
    classifyTask(task) {
      const channel = task && typeof task.taskChannelUniqueName === 'string' ? task.taskChannelUniqueName : '';
      return kindOf(channel, taskTypeOf(task && task.attributes));
    },
    channelDefinitions: () => call('channelDefinitions', {}),
    channelTitle: (input) => call('channelTitle', input).title,
    panelState: method('panelState'),
    normalizePhoneNumber: (number, options = {}) =>
      call('normalizePhoneNumber', { number, field: options.field, role: options.role }).number,
    validateCreateCallback: (params, path) => call('validateCreateCallback', { params, path }),
    validateRequeueCallback: (params, path) => call('validateRequeueCallback', { params, path }).taskSid,
    validateFetchVoicemail: (params, path) => call('validateFetchVoicemail', { params, path }),
    voicemailRecording: (task, recordingSid, viewer) =>
      call('voicemailRecording', { task, recordingSid: recordingSid || undefined, viewer }).recordingSid,
    voicemailRecordingAmong: (tasks, recordingSid, viewer) =>
      call('voicemailRecording', { tasks, recordingSid, viewer }).recordingSid,
    buildCallbackTask: method('buildCallbackTask'),
    planOutboundCall: (input) => call('planOutboundCall', input),
    retryOutboundCall: (failures) => call('retryOutboundCall', { failures }),
    autoSelect: (input) => call('autoSelect', input),
    retryDecision: (input) => call('retryDecision', input),
    waitStep: method('waitStep'),
    findTaskByCallSid: (tasks, callSid) => call('findTaskByCallSid', { tasks, callSid }).taskSid,
    indexPendingTasks: (tasks) => call('indexPendingTasks', { tasks }),
    constants() {
      if (!constants) constants = Object.freeze(call('constants', {}));
      return constants;
    },
  });
}

module.exports = { createApi, CoreError };
