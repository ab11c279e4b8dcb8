// Function cold start: create-callback required and the core loaded in a fresh
// Node process, `loads` times (bench/function-start-child.cjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './workloads.mjs';
import { percentile } from './browser.mjs';

export const FUNCTION_START_GOAL_MS = 50;

export function functionStartFigures({ root, loads = 20 }) {
  if (!existsSync(join(root, 'serverless', 'assets', 'vendor', 'cbvm-core.private.wasm'))) {
    throw new Error('serverless/assets/vendor is missing: run "npm run deploy:prepare -w serverless"');
  }
  const child = join(root, 'bench', 'function-start-child.cjs');
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const t0 = performance.now();
    const out = spawnSync(process.execPath, [child], { encoding: 'utf8' });
    const wallMs = performance.now() - t0;
    if (out.status !== 0) throw new Error(`function cold start failed:\n${out.stderr}`);
    runs.push({ ...JSON.parse(out.stdout), wallMs });
  }
  const at = (key, q) => round(percentile(runs.map((r) => r[key]).sort((a, b) => a - b), q), 2);
  const ctx = {
    env: 'node', node: process.version, processes: loads,
    function: 'features/callback-and-voicemail/studio/create-callback.protected.js',
    how: 'fresh process each; Runtime.getFunctions/getAssets stood in for as the Functions runtime provides them',
  };
  const total = at('totalMs', 0.5);
  return [
    { name: 'function_cold_start_median', value: total, unit: 'ms', goal: `<= ${FUNCTION_START_GOAL_MS} ms`, meets_goal: total <= FUNCTION_START_GOAL_MS, ...ctx,
      from: 'first line of the process\'s script (process.hrtime)', to: 'common/core loadCore() resolved',
      median_require_ms: at('requireMs', 0.5), median_core_ms: at('coreMs', 0.5) },
    { name: 'function_cold_start_p90', value: at('totalMs', 0.9), unit: 'ms', ...ctx },
    { name: 'function_cold_start_require_median', value: at('requireMs', 0.5), unit: 'ms', ...ctx, part: 'require of create-callback and its common modules' },
    { name: 'function_cold_start_core_median', value: at('coreMs', 0.5), unit: 'ms', ...ctx, part: 'loadCore(): vendored bundle required, .wasm read and instantiated' },
    { name: 'function_cold_start_process_wall_median', value: at('wallMs', 0.5), unit: 'ms', ...ctx, part: 'spawn to exit of the whole process (Node start-up included)' },
  ];
}
