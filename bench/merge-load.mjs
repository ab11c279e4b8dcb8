// One open callback per customer under load: create-callback requests arrive
// at a fixed rate (open loop), most for new numbers and some repeating a number
// already booked, with CALLBACK_ONE_PER_CUSTOMER on. The emulator and the
// functions run as their own processes, as in production. Reports the tasks
// made per number (duplicates: numbers with more than one open callback, goal 0),
// REST and Sync requests per new callback and per merged request, latency, and
// that no EvaluateTaskAttributes request was sent.
import { createRequire } from 'node:module';
import { round } from './workloads.mjs';

const require = createRequire(import.meta.url);
const { startStack } = require('../local/src/stack.js');
const CREATE_PATH = '/features/callback-and-voicemail/studio/create-callback';

const pct = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function control(stack, method, path) {
  const res = await fetch(`${stack.urls.emulator}/__control/${path}`, { method });
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function createCallback(stack, number) {
  const t0 = performance.now();
  const res = await fetch(`${stack.urls.functions}${CREATE_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ numberToCall: number, numberToCallFrom: '+18005550199' }).toString(),
  });
  const body = await res.json().catch(() => ({}));
  return { ms: performance.now() - t0, status: res.status, merged: body.merged === true, taskSid: body.taskSid };
}

// Request i asks for a new number, except every `repeatEvery`-th, which asks
// again for the number of request i - 50 (booked a moment earlier).
// Each run has numbers of its own (base), so runs never merge into each other.
const numberOf = (i, repeatEvery, base) =>
  `+1415${String(base + (repeatEvery && i % repeatEvery === 0 && i >= 50 ? i - 50 : i)).padStart(7, '0')}`;
let runs = 0;

async function runRate(stack, { rate, calls, repeatEvery, label }) {
  runs += 1;
  const base = runs * 100000;
  await control(stack, 'DELETE', 'requests');
  const before = new Set((await control(stack, 'GET', 'tasks')).tasks.map((t) => t.sid));
  const results = [];
  const started = performance.now();
  const inflight = [];
  for (let i = 0; i < calls; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(createCallback(stack, numberOf(i, repeatEvery, base)).then((r) => results.push(r), () => results.push({ status: 0 })));
  }
  const sent = (performance.now() - started) / 1000;
  await Promise.all(inflight);
  const drained = (performance.now() - started) / 1000;
  const { requests } = await control(stack, 'GET', 'requests');
  const tasks = (await control(stack, 'GET', 'tasks')).tasks.filter((t) => !before.has(t.sid));
  const open = tasks.filter((t) => ['pending', 'reserved'].includes(t.assignment_status));
  const perNumber = new Map();
  for (const t of open) {
    const n = JSON.parse(t.attributes).callBackData.numberToCall;
    perNumber.set(n, (perNumber.get(n) || 0) + 1);
  }
  const duplicates = [...perNumber.values()].filter((c) => c > 1).length;
  const ok = results.filter((r) => r.status === 200);
  const merged = ok.filter((r) => r.merged).length;
  const created = ok.length - merged;
  const sync = requests.filter((r) => /^sync\./.test(r.kind || '')).length;
  const taskrouter = requests.filter((r) => /^taskrouter\./.test(r.kind || '')).length;
  // What each request was (e.g. taskrouter.tasks.create: 180), to tell where the requests per request go.
  const kinds = {};
  for (const r of requests) if (/^(sync|taskrouter)\./.test(r.kind || '')) kinds[r.kind] = (kinds[r.kind] || 0) + 1;
  const evaluate = requests.filter((r) => Object.keys(r.query || {}).some((k) => /^EvaluateTaskAttributes$/i.test(k))).length;
  const latencies = ok.map((r) => r.ms).sort((a, b) => a - b);
  const ctx = {
    env: 'node', rate_per_s: rate, calls, repeated_requests: calls - new Set(Array.from({ length: calls }, (_, i) => numberOf(i, repeatEvery, base))).size,
    sent_rate_per_s: round(calls / sent, 1), served_rate_per_s: round(calls / drained, 1),
    answered_200: ok.length, failed: calls - ok.length, created, merged, numbers_open: perNumber.size,
    processes: 'emulator, twilio-run (warm, one instance), load',
  };
  const name = `merge_${rate}cps${label ? `_${label}` : ''}`;
  const all = sync + taskrouter;
  return [
    { name: `${name}_duplicate_open_callbacks`, value: duplicates, unit: 'numbers', goal: 0, meets_goal: duplicates === 0, ...ctx },
    // Every request sent counts, answered or not (a request the budget stopped still read and wrote).
    { name: `${name}_requests_per_request`, value: round(all / calls, 3), unit: 'requests', ...ctx, sync_requests: sync, taskrouter_requests: taskrouter, request_kinds: kinds },
    { name: `${name}_sync_requests_per_request`, value: round(sync / calls, 3), unit: 'requests', ...ctx },
    { name: `${name}_answered_200`, value: round((100 * ok.length) / calls, 2), unit: '%', ...ctx },
    { name: `${name}_p50`, value: round(pct(latencies, 0.5) ?? 0, 1), unit: 'ms', ...ctx },
    { name: `${name}_p99`, value: round(pct(latencies, 0.99) ?? 0, 1), unit: 'ms', ...ctx },
    { name: `${name}_evaluate_task_attributes_calls`, value: evaluate, unit: 'calls', goal: 0, meets_goal: evaluate === 0, ...ctx },
  ];
}

export async function mergeLoadFigures({ quick }) {
  const stack = await startStack({
    withHost: false,
    warmFunctions: true,
    functionsExtraEnv: { CALLBACK_ONE_PER_CUSTOMER: 'true' },
  });
  try {
    for (let i = 0; i < 20; i++) await createCallback(stack, `+1999${String(i).padStart(7, '0')}`); // warm the functions
    const figures = [];
    // 30/s: what each request costs when the functions keep up; 300/s: the goal rate.
    // Only new numbers, then one request in ten repeating a number booked a moment earlier.
    // (The emulator logs the last 10,000 requests: 1,800 calls fit.)
    for (const rate of [30, 300]) {
      const calls = Math.min(1800, rate * (quick ? 3 : 6));
      figures.push(...(await runRate(stack, { rate, calls, repeatEvery: 0 })));
      figures.push(...(await runRate(stack, { rate, calls, repeatEvery: 10, label: 'repeats' })));
    }
    return figures;
  } finally {
    await stack.stop();
  }
}

// node bench/merge-load.mjs [--quick]: this section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await mergeLoadFigures({ quick: process.argv.includes('--quick') })) process.stdout.write(`${JSON.stringify(f)}\n`);
}
