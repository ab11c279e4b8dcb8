// The request budget at full scale: the functions' deadline tests
// (serverless/test/reliability.test.js) with the default 8 s budget and
// TaskRouter answering in 35 s and in 0–12 s, as Twilio would when it is slow.
// `npm test` runs the same tests scaled to a 1.5 s budget; this takes about
// two minutes, so only full bench runs include it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Figures from the tests' diagnostics; a failed test is a figure too (deadline_tests_failed). */
export function deadlineFigures({ root }) {
  const run = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=tap', '--test-name-pattern=budget', 'test/reliability.test.js'],
    { cwd: join(root, 'serverless'), env: { ...process.env, CBVM_DEADLINES_FULL_SCALE: '1' }, encoding: 'utf8', timeout: 600000 },
  );
  const out = `${run.stdout}\n${run.stderr}`;
  const figures = [];
  const diag = (re) => out.split('\n').map((l) => l.match(re)).find(Boolean);
  const slow = diag(/budget (\d+) ms, latency (\d+) ms: (\d+)\/20 answered past the budget; slowest (\d+) ms, (\d+) past 10 s/);
  if (slow) {
    const [, budget, latency, late, slowest, past10] = slow.map(Number);
    const context = { budget_ms: budget, taskrouter_latency_ms: latency, requests: 20, concurrency: 20 };
    figures.push({ name: 'deadline_slow_answers_past_10s', value: past10, unit: 'requests', goal: 0, meets_goal: past10 === 0, ...context });
    figures.push({ name: 'deadline_slow_answers_past_budget_and_1s', value: late, unit: 'requests', ...context });
    figures.push({ name: 'deadline_slow_slowest_answer', value: slowest, unit: 'ms', goal: 10000, meets_goal: slowest < 10000, ...context });
  }
  const tasks = diag(/latency (\d+) ms: (\d+) tasks after the late commits, (\d+) duplicates/);
  if (tasks) {
    const dup = Number(tasks[3]);
    figures.push({ name: 'deadline_slow_duplicates', value: dup, unit: 'tasks', goal: 0, meets_goal: dup === 0, tasks: Number(tasks[2]) });
  }
  const spread = diag(/budget (\d+) ms, latency 0–(\d+) ms: (\d+)\/40 past the budget, (\d+)\/40 answered unknown; slowest (\d+) ms, (\d+) past 10 s/);
  if (spread) {
    const [, budget, latency, late, unknown, slowest, past10] = spread.map(Number);
    const context = { budget_ms: budget, taskrouter_latency_ms: `0–${latency}`, requests: 40, concurrency: 20, answered_unknown: unknown };
    figures.push({ name: 'deadline_spread_answers_past_10s', value: past10, unit: 'requests', goal: 0, meets_goal: past10 === 0, ...context });
    figures.push({ name: 'deadline_spread_answers_past_budget_and_1s', value: late, unit: 'requests', ...context });
    figures.push({ name: 'deadline_spread_slowest_answer', value: slowest, unit: 'ms', goal: 10000, meets_goal: slowest < 10000, ...context });
  }
  const failed = Number((out.match(/^# fail (\d+)/m) || [])[1] ?? 1);
  figures.push({ name: 'deadline_tests_failed', value: failed, unit: 'tests', goal: 0, meets_goal: failed === 0, note: 'duplicates and answers checked by the tests themselves' });
  return figures;
}
