// create-callback served in-process by the functions runtime, against the
// emulator with no added latency: request latency, and the part of it that is
// the function's own (latency minus the time the emulator spent answering).
import { createRequire } from 'node:module';
import { round } from './workloads.mjs';

const require = createRequire(import.meta.url);
const { startStack, PATHS } = require('../serverless/test/helpers.js');

const pct = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

export async function functionFigures({ quick }) {
  const requests = quick ? 300 : 2000;
  const stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'America/New_York' } });
  try {
    const params = { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' };
    for (let i = 0; i < 50; i++) await stack.request(PATHS.createCallback, { params });  // warm up
    stack.emulator.clearRequests();
    const total = [];
    const own = [];
    let restCalls = 0;
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      const response = await stack.request(PATHS.createCallback, { params });
      const elapsed = performance.now() - t0;
      if (response.status !== 200) throw new Error(`create-callback answered ${response.status}`);
      const log = stack.emulator.requests().requests ?? stack.emulator.requests();
      const emulatorMs = log.reduce((sum, r) => sum + (r.durationMs || 0), 0);
      restCalls += log.length;
      stack.emulator.clearRequests();
      total.push(elapsed);
      own.push(Math.max(0, elapsed - emulatorMs));
    }
    total.sort((a, b) => a - b);
    own.sort((a, b) => a - b);
    const ctx = { env: 'node', requests, emulator_latency_ms: 0, transport: 'HTTP on loopback, sequential' };
    return [
      { name: 'create_callback_latency_p50', value: round(pct(total, 0.5), 2), unit: 'ms', ...ctx },
      { name: 'create_callback_latency_p99', value: round(pct(total, 0.99), 2), unit: 'ms', ...ctx },
      { name: 'create_callback_own_overhead_p50', value: round(pct(own, 0.5), 2), unit: 'ms', ...ctx, note: 'latency minus emulator time' },
      { name: 'create_callback_own_overhead_p99', value: round(pct(own, 0.99), 2), unit: 'ms', ...ctx, note: 'latency minus emulator time' },
      { name: 'create_callback_rest_calls_per_request', value: round(restCalls / requests, 2), unit: 'calls', ...ctx },
    ];
  } finally {
    await stack.close();
  }
}
