// The inputs and measurement loops shared by the Node and Chromium runs.
import * as reference from './js-reference.mjs';

const WT = 'WT' + '1'.repeat(32);
const RE = 'RE' + 'c'.repeat(32);

export const voicemailTask = {
  sid: WT,
  taskChannelUniqueName: 'voice',
  taskStatus: 'assigned',
  dateCreated: '2024-05-01T14:30:00Z',
  attributes: {
    taskType: 'voicemail',
    name: '+14155550100',
    direction: 'inbound',
    callBackData: {
      numberToCall: '+14155550100', numberToCallFrom: '+18005550199', attempts: 1, mainTimeZone: 'America/New_York',
      utcDateTimeReceived: '2024-05-01T14:30:00.000Z', recordingSid: RE, recordingUrl: `https://api.twilio.com/r/${RE}`,
      transcriptSid: 'TR' + 'e'.repeat(32), transcriptText: 'Hello, please call me back about my order.', isDeleted: false,
    },
  },
};

const panelInput = {
  task: voicemailTask, workerActivitySid: 'WA1', offlineActivitySid: 'WA0', actionPending: false,
  agentTimeZone: 'America/Los_Angeles', config: { enabled: true, allow_requeue: true, max_attempts: 3 },
};

const buildInput = {
  params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', flexFlowSid: 'FW' + 'f'.repeat(32) },
  original: {
    sid: 'WT' + '2'.repeat(32), workflow_sid: 'WW' + 'a'.repeat(32), task_channel_unique_name: 'voice', timeout: 3600, priority: 1,
    attributes: '{"from":"+14155550100","call_sid":"CA1","conversations":{"hang_up_by":"Customer"},"ivr":{"intent":"billing"}}',
  },
  config: { defaultWorkflowSid: 'WW' + 'b'.repeat(32), mainTimeZone: 'Europe/London' },
  now: '2024-05-01T14:30:00Z',
};

const waitInput = {
  params: { mode: 'main-wait-loop', CallSid: 'CA' + '9'.repeat(32), enqueuedTaskSid: WT, skipGreeting: 'true', From: '+14155550100', To: '+18005550199' },
  options: {},
  context: { waitUrl: 'https://svc.example.com/features/callback-and-voicemail/studio/wait-experience', now: '2024-05-01T14:30:00Z' },
};

// Tasks of each kind, cycled so the classification is not one repeated input.
const classifyTasks = [
  voicemailTask,
  { taskChannelUniqueName: 'voice', attributes: { taskType: 'callback' } },
  { taskChannelUniqueName: 'voice', attributes: { from: '+14155550100' } },
  { taskChannelUniqueName: 'chat', attributes: { taskType: 'callback' } },
];

/** The four rules measured: the inputs each cycles through, and both implementations. */
export function workloads(core) {
  return [
    { name: 'classify_task', inputs: classifyTasks, wasm: (t) => core.classifyTask(t), js: (t) => reference.classifyTask(t) },
    { name: 'panel_state_voicemail', inputs: [panelInput], wasm: (x) => core.panelState(x), js: (x) => reference.panelState(x) },
    { name: 'build_callback_task', inputs: [buildInput], wasm: (x) => core.buildCallbackTask(x), js: (x) => reference.buildCallbackTask(x) },
    { name: 'wait_experience_step', inputs: [waitInput], wasm: (x) => core.waitStep(x), js: (x) => reference.waitStep(x) },
  ];
}

// JSON with object keys sorted: the core's answers list keys in order.
const canonical = (value) => JSON.stringify(value, (_, v) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);

/** Whether both implementations answer every input alike. */
export function sameAnswers(w) {
  return w.inputs.every((input) => canonical(w.wasm(input)) === canonical(w.js(input)));
}

/** A zero-argument function calling fn on the inputs in turn. */
function cycling(fn, inputs) {
  const n = inputs.length;
  let i = 0;
  return n === 1 ? () => fn(inputs[0]) : () => fn(inputs[i++ % n]);
}

/**
 * Times at least `calls` calls of fn in batches; each batch gives one per-call
 * sample (batch time / batch size). Batches are sized to last at least
 * `minBatchMs`, so a coarse browser clock does not swamp fast calls, and there
 * are at least `minSamples` of them. Returns median and p99 in ns per call.
 */
export function timeCalls(fn, calls, now, { minBatchMs = 0.5, minSamples = 200 } = {}) {
  let sink = 0;
  const warm = now();
  let warmCalls = 0;
  while (warmCalls < 2000 || now() - warm < 50) {
    sink ^= fn() ? 1 : 0;
    warmCalls += 1;
  }
  // Warm-up time includes compiling, so size the batch on warm calls: double
  // it until the quickest of three runs lasts minBatchMs (one run can be
  // slowed by a collection and would leave the batch far too small).
  let batch = 10;
  for (;;) {
    let quickest = Infinity;
    for (let run = 0; run < 3; run++) {
      const t0 = now();
      for (let k = 0; k < batch; k++) sink ^= fn() ? 1 : 0;
      quickest = Math.min(quickest, now() - t0);
    }
    if (quickest >= minBatchMs || batch >= 1 << 24) break;
    batch *= 2;
  }
  const batches = Math.max(minSamples, Math.ceil(calls / batch));
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const t0 = now();
    for (let k = 0; k < batch; k++) sink ^= fn() ? 1 : 0;
    samples.push(((now() - t0) * 1e6) / batch);
  }
  samples.sort((x, y) => x - y);
  const pick = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: pick(0.5), p99: pick(0.99), batch, calls: batch * batches, sink };
}

/** Measures every workload on both sides, interleaved, and returns figure rows. */
export function measurePerCall(core, { calls, now, env }) {
  const rows = [];
  for (const w of workloads(core)) {
    // Both sides must give the same answers for the comparison to mean anything.
    let same;
    try {
      same = sameAnswers(w);
    } catch (err) {
      // A module without this decision (the shipped browser module has only the agent's).
      if (err?.code !== 'UNKNOWN_DECISION') throw err;
      continue;
    }
    const wasm = timeCalls(cycling(w.wasm, w.inputs), calls, now);
    const js = timeCalls(cycling(w.js, w.inputs), calls, now);
    const side = (t) => ({ env, calls: t.calls, batch: t.batch, same_answer: same });
    rows.push({ name: `${env}_${w.name}_wasm_median`, value: round(wasm.median), unit: 'ns/call', ...side(wasm) });
    rows.push({ name: `${env}_${w.name}_wasm_p99`, value: round(wasm.p99), unit: 'ns/call', ...side(wasm) });
    rows.push({ name: `${env}_${w.name}_js_median`, value: round(js.median), unit: 'ns/call', ...side(js) });
    rows.push({ name: `${env}_${w.name}_js_p99`, value: round(js.p99), unit: 'ns/call', ...side(js) });
    rows.push({ name: `${env}_${w.name}_ratio_wasm_over_js`, value: round(wasm.median / js.median, 2), unit: 'x', env, same_answer: same });
  }
  return rows;
}

export function round(v, digits = 1) {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
