// Wait-experience lookup under load. The emulator and the functions (served by
// twilio-run) run as their own processes, as they would in production; this
// process plays Twilio's voice side: calls enter a queue at a fixed rate, and
// each asks `initialize` (QueueTime 0) as soon as its task exists, while the
// emulator adds 50–150 ms to every task list. Reports how many callers were
// matched to their task, the lookup latency, and REST calls per waiting call.
import { createRequire } from 'node:module';
import { round } from './workloads.mjs';

const require = createRequire(import.meta.url);
const { startStack } = require('../local/src/stack.js');
const WAIT_PATH = '/features/callback-and-voicemail/studio/wait-experience';

const pct = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function control(stack, method, path, body) {
  const res = await fetch(`${stack.urls.emulator}/__control/${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

// The enqueuedTaskSid the wait loop was sent to, from the TwiML's <Redirect>.
function redirectedTaskSid(twiml) {
  const match = /<Redirect[^>]*>([^<]*)<\/Redirect>/.exec(twiml);
  if (!match) return null;
  return new URL(match[1].replace(/&amp;/g, '&')).searchParams.get('enqueuedTaskSid');
}

async function oneCall(stack, i) {
  const call = await control(stack, 'POST', 'calls', {
    from: `+1415555${String(i % 10000).padStart(4, '0')}`, to: '+18005550199', workflowSid: stack.workflowSid,
  });
  const t0 = performance.now();
  const res = await fetch(`${stack.urls.functions}${WAIT_PATH}?mode=initialize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      AccountSid: stack.accountSid, CallSid: call.callSid, QueueSid: call.queueSid, QueueTime: '0',
      From: call.call?.from ?? '', To: '+18005550199', CallStatus: 'in-progress',
    }).toString(),
  });
  const twiml = await res.text();
  const found = res.ok && redirectedTaskSid(twiml) === call.taskSid;
  const loopUrl = found ? /<Redirect[^>]*>([^<]*)<\/Redirect>/.exec(twiml)[1].replace(/&amp;/g, '&') : null;
  return { ms: performance.now() - t0, found, call, loopUrl };
}

// Turns of the wait loop of calls already waiting, at `rate` a second: each
// reads its queue's statistics (announced wait, menu threshold) through the
// functions' per-queue cache. Returns REST requests per turn (statistics reads among them).
async function runLoops(stack, { rate, waiting, turns }) {
  await control(stack, 'DELETE', 'requests');
  const started = performance.now();
  const inflight = [];
  let failed = 0;
  for (let i = 0; i < turns; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { call, loopUrl } = waiting[i % waiting.length];
    inflight.push(fetch(loopUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        AccountSid: stack.accountSid, CallSid: call.callSid, QueueSid: call.queueSid, QueueTime: '5', QueuePosition: '1',
        To: '+18005550199', CallStatus: 'in-progress',
      }).toString(),
    }).then(async (r) => { await r.text(); if (!r.ok) failed += 1; }, () => { failed += 1; }));
  }
  await Promise.all(inflight);
  const { requests } = await control(stack, 'GET', 'requests');
  const statistics = requests.filter((r) => /statistics/.test(r.kind || '')).length;
  const ctx = { env: 'node', rate_per_s: rate, turns, failed, seconds: round((performance.now() - started) / 1000, 1) };
  const perTurn = requests.length / turns;
  return [
    { name: `wait_loop_${rate}tps_rest_calls_per_turn`, value: round(perTurn, 4), unit: 'calls', goal: 0.1, meets_goal: perTurn <= 0.1, ...ctx, statistics_requests: statistics },
  ];
}

let lastWaiting = [];

async function runRate(stack, { rate, calls }) {
  await control(stack, 'DELETE', 'requests');
  const results = [];
  let errors = 0;
  const started = performance.now();
  const inflight = [];
  for (let i = 0; i < calls; i++) {
    // Open loop: call i enters at i / rate seconds, whatever the server is doing.
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(oneCall(stack, i).then((r) => results.push(r), () => (errors += 1)));
  }
  const sent = (performance.now() - started) / 1000;
  await Promise.all(inflight);
  const drained = (performance.now() - started) / 1000;
  const { requests } = await control(stack, 'GET', 'requests');
  const lists = requests.filter((r) => r.kind === 'taskrouter.tasks.list');
  const evaluate = lists.filter((r) => Object.keys(r.query || {}).some((k) => /^EvaluateTaskAttributes$/i.test(k))).length;
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const found = results.filter((r) => r.found).length;
  lastWaiting = results.filter((r) => r.found);
  const ctx = {
    env: 'node', rate_per_s: rate, calls, sent_rate_per_s: round(calls / sent, 1), served_rate_per_s: round(calls / drained, 1),
    list_latency_ms: [50, 150], processes: 'emulator, twilio-run (warm, one instance), load',
  };
  return [
    { name: `wait_lookup_${rate}cps_success_rate`, value: round((100 * found) / calls, 2), unit: '%', ...ctx, found, errors },
    { name: `wait_lookup_${rate}cps_p50`, value: round(pct(latencies, 0.5), 1), unit: 'ms', ...ctx },
    { name: `wait_lookup_${rate}cps_p99`, value: round(pct(latencies, 0.99), 1), unit: 'ms', ...ctx },
    { name: `wait_lookup_${rate}cps_rest_calls_per_call`, value: round(requests.length / calls, 3), unit: 'calls', ...ctx, task_lists: lists.length },
    { name: `wait_lookup_${rate}cps_evaluate_task_attributes_calls`, value: evaluate, unit: 'calls', ...ctx },
  ];
}

export async function waitLoadFigures({ quick }) {
  const stack = await startStack({
    withHost: false,
    warmFunctions: true,
    // The loop announces the expected wait and offers the menu past a minute: it reads statistics.
    functionsExtraEnv: { WAIT_EXPERIENCE_ANNOUNCE_WAIT: 'true', CALLBACK_OFFER_AFTER_SECONDS: '60' },
  });
  try {
    await control(stack, 'POST', 'faults', { target: 'taskrouter.tasks.list', rate: 1, latencyMs: [50, 150], seed: 7 });
    for (let i = 0; i < 20; i++) await oneCall(stack, i);  // warm the functions
    return [
      ...(await runRate(stack, { rate: 30, calls: quick ? 300 : 1800 })),
      ...(await runLoops(stack, { rate: 30, waiting: lastWaiting, turns: quick ? 300 : 1800 })),
      ...(await runRate(stack, { rate: 300, calls: quick ? 1500 : 10000 })),
      ...(await runLoops(stack, { rate: 300, waiting: lastWaiting, turns: quick ? 1500 : 10000 })),
    ];
  } finally {
    await stack.stop();
  }
}
