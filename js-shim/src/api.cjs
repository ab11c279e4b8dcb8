'use strict';
// The friendly API over the raw WebAssembly module, shared by the Node and
// browser loaders. Every conversion is in marshal.cjs; nothing here decides.

const marshal = require('./marshal.cjs');

const { CoreError, KINDS, taskTypeOf, valueOf } = marshal;

function createApi(raw) {
  /** The JSON door on JSON text as it is (for inputs that are not valid JSON). */
  function runText(decision, text) {
    return JSON.parse(raw._run(String(decision), String(text)));
  }

  /** The JSON door on a value. */
  function run(decision, input) {
    const { text, envelope } = marshal.jsonText(decision, input);
    return envelope || runText(decision, text);
  }

  const call = (decision, input) => valueOf(run(decision, input));

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
      return kindOf(channel, taskTypeOf(task));
    },
    channelDefinitions: () => call('channelDefinitions', {}),
    channelTitle(input) {
      const args = marshal.titleCall(input);
      const title = args ? raw._channelTitle(...args) : '';
      // An empty title is a refusal: the JSON door says why.
      return title !== '' ? title : call('channelTitle', input).title;
    },
    panelState(input) {
      const typed = marshal.panelCall(input);
      return typed ? marshal.panelState(raw._panelState(typed)) : call('panelState', input);
    },
    normalizePhoneNumber: (number, options = {}) =>
      call('normalizePhoneNumber', { number, field: options.field, role: options.role }).number,
    validateCreateCallback: (params, path) => call('validateCreateCallback', { params, path }),
    validateRequeueCallback: (params, path) => call('validateRequeueCallback', { params, path }).taskSid,
    validateFetchVoicemail: (params, path, viewer) => call('validateFetchVoicemail', { params, path, viewer }),
    voicemailRecording: (task, recordingSid, viewer) =>
      call('voicemailRecording', { task, recordingSid: recordingSid || undefined, viewer }).recordingSid,
    voicemailRecordingAmong: (tasks, recordingSid, viewer) =>
      call('voicemailRecording', { tasks, recordingSid, viewer }).recordingSid,
    buildCallbackTask: (input) => call('buildCallbackTask', input),
    requeueCallback: (input) => call('requeueCallback', input),
    deleteVoicemail: (input) => call('deleteVoicemail', input),
    voicemailNotification: (input) => call('voicemailNotification', input),
    planOutboundCall: (input) => call('planOutboundCall', input),
    retryOutboundCall: (failures) => call('retryOutboundCall', { failures }),
    autoSelect: (input) => call('autoSelect', input),
    retryDecision: (input) => call('retryDecision', input),
    settleKeyedTasks: (input) => call('settleKeyedTasks', input),
    callbackWorkflow: (input) => call('callbackWorkflow', input),
    workspaceEvents: (input) => call('workspaceEvents', input),
    outcomePolicy: (input) => call('outcomePolicy', input),
    callbackOutcome: (input) => call('callbackOutcome', input),
    checkDeployment: (input) => call('checkDeployment', input),
    callingWindow: (input) => call('callingWindow', input),
    openSlots: (input) => call('openSlots', input),
    validateScheduledFor: (input) => call('validateScheduledFor', input),
    callbackDue: (input) => call('callbackDue', input),
    holdStep: (input) => call('holdStep', input),
    callbackRows: (input) => call('callbackRows', input),
    manageCallback: (input) => call('manageCallback', input),
    holdPlan: (input) => call('holdPlan', input),
    retentionPlan: (input) => call('retentionPlan', input),
    waitStep: (input) => call('waitStep', input),
    findTaskByCallSid: (tasks, callSid) => call('findTaskByCallSid', { tasks, callSid }).taskSid,
    mergeCallback: (input) => call('mergeCallback', input),
    callbackIndexEnded: (input) => call('callbackIndexEnded', input),
    smsConfirmation: (input) => call('smsConfirmation', input),
    smsReply: (input) => call('smsReply', input),
    constants() {
      if (!constants) constants = Object.freeze(call('constants', {}));
      return constants;
    },
  });
}

module.exports = { createApi, CoreError };
