// The agent's panel in headless Chromium: the plugin's CallbackPanel mounted
// and re-rendered (bench/panel-entry.jsx), and the core's share of a render.
import { join } from 'node:path';
import { round } from './workloads.mjs';
import { bundle, freshPage, percentile, serve, withBrowser } from './browser.mjs';

export const PANEL_RERENDER_GOAL_MS = 2;
export const PANEL_CORE_SHARE_GOAL = 0.1;

// As plugin/scripts/build.mjs: Paste's ES module builds instead of its CommonJS re-exports.
const pasteModules = {
  name: 'paste-modules',
  setup(b) {
    b.onResolve({ filter: /^@twilio-paste\/core\/[a-z-]+$/ }, (args) =>
      b.resolve(args.path.replace('@twilio-paste/core/', '@twilio-paste/'), { resolveDir: args.resolveDir, kind: args.kind }));
  },
};

export async function panelFigures({ root, quick, browser: given }) {
  const pages = quick ? 1 : 5;
  const rerenders = quick ? 300 : 1000;
  const remounts = quick ? 10 : 40;
  const script = await bundle(join(root, 'bench', 'panel-entry.jsx'), {
    plugins: [pasteModules], loader: { '.wasm': 'binary' }, define: { __CBVM_SERVERLESS_URL__: '""' },
  });
  const server = await serve({
    '/': '<!doctype html><meta charset="utf-8"><title>panel</title><body><script src="/panel.js"></script></body>',
    '/panel.js': script,
  });
  const runs = [];
  let version;
  try {
    await withBrowser(given, async (browser) => {
      version = browser.version();
      for (let i = 0; i < pages; i++) {
        const { context, page, errors } = await freshPage(browser, server.url);
        await page.goto(`${server.url}/`);
        try {
          runs.push(await page.evaluate((o) => window.benchPanel(o), { rerenders, remounts }));
        } catch (err) {
          throw new Error(`panel bench failed: ${err.message}${errors.length ? ` (page errors: ${errors.map((e) => e.message).join('; ')})` : ''}`);
        }
        await context.close();
      }
    });
  } finally {
    await server.close();
  }
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const renders = sorted(runs.flatMap((r) => r.renders));
  const mounts = sorted(runs.flatMap((r) => r.mounts));
  const cold = sorted(runs.map((r) => r.coldMountMs));
  const coldCore = sorted(runs.map((r) => r.coldMountCoreMs));
  const coreMs = runs.reduce((s, r) => s + r.renderCoreMs, 0);
  const totalMs = runs.reduce((s, r) => s + r.renderTotalMs, 0);
  const share = coreMs / totalMs;
  const callsPerRender = runs.reduce((s, r) => s + r.coreCallsPerRender, 0) / runs.length;
  const batchedNs = percentile(sorted(runs.map((r) => r.panelStateBatchedNs)), 0.5);
  const p50 = percentile(renders, 0.5);
  const coreP50 = percentile(sorted(runs.flatMap((r) => r.renderCore)), 0.5);
  const ctx = {
    env: 'chromium', chromium: version, cross_origin_isolated: runs[0].isolated, pages, cold: 'fresh browser context per page', settled: 'from 1.5 s after navigation start',
    component: 'plugin CallbackPanel (React 17 production, Paste CustomizationProvider), redux Provider; voicemail task with recording, transcript and number (bench/workloads.mjs)',
    core: 'browser build as the plugin bundles it (plugin/src/core/bundledCore.ts)',
  };
  const rerenderCtx = { ...ctx, rerenders: renders.length, how: 'ReactDOM.flushSync of a state change above the panel: same task, full render and commit, recording already loaded' };
  return [
    { name: 'panel_mount_cold_median', value: round(percentile(cold, 0.5), 2), unit: 'ms', ...ctx, what: 'first ReactDOM.render in a fresh page (React, Paste, emotion styles, core calls all cold)',
      core_ms_median: round(percentile(coldCore, 0.5), 3) },
    { name: 'panel_mount_warm_p50', value: round(percentile(mounts, 0.5), 2), unit: 'ms', ...ctx, remounts: mounts.length, what: 'unmount then ReactDOM.render again, same page' },
    { name: 'panel_rerender_p50', value: round(p50, 3), unit: 'ms', goal: `<= ${PANEL_RERENDER_GOAL_MS} ms`, meets_goal: p50 <= PANEL_RERENDER_GOAL_MS, ...rerenderCtx },
    { name: 'panel_rerender_p99', value: round(percentile(renders, 0.99), 3), unit: 'ms', ...rerenderCtx },
    { name: 'panel_rerender_core_share', value: round(share * 100, 1), unit: '%', goal: `<= ${PANEL_CORE_SHARE_GOAL * 100} %`, meets_goal: share <= PANEL_CORE_SHARE_GOAL, ...rerenderCtx,
      how_measured: 'time inside core.panelState (wrapped) summed over the re-renders / their summed time',
      core_ms_per_render_mean: round(coreMs / renders.length, 4), core_ms_per_render_p50: round(coreP50, 4), share_of_medians: round(coreP50 / p50 * 100, 1), panel_state_calls_per_render: round(callsPerRender, 2),
      cross_check_panel_state_batched_ns: round(batchedNs), cross_check_share_at_p50: round((batchedNs * callsPerRender) / 1e6 / p50 * 100, 1) },
  ];
}
