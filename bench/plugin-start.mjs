// Plugin start in headless Chromium: the built plugin bundle evaluated in a page
// with the libraries Flex gives plugins, then init(flex, manager) with a manager
// shaped like the local host's; each load in a fresh browser context.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { round } from './workloads.mjs';
import { freshPage, percentile, serve, withBrowser } from './browser.mjs';

export const PLUGIN_START_GOAL_MS = 20;

// The UMD builds a Flex page gives plugins (as local/src/host-server.js serves them).
function vendorFiles(root) {
  const require = createRequire(join(root, 'local', 'package.json'));
  const dir = (id, from) => dirname(require.resolve(`${id}/package.json`, from ? { paths: [from] } : undefined));
  const flexDir = dir('@twilio/flex-ui');
  return {
    '/vendor/react.js': join(dir('react'), 'umd', 'react.production.min.js'),
    '/vendor/react-dom.js': join(dir('react-dom'), 'umd', 'react-dom.production.min.js'),
    '/vendor/redux.js': join(dir('redux', flexDir), 'dist', 'redux.min.js'),
    '/vendor/react-redux.js': join(dir('react-redux', flexDir), 'dist', 'react-redux.min.js'),
  };
}

async function timeLoads(browser, server, path, loads) {
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const { context, page, errors } = await freshPage(browser, server.url);
    await page.goto(`${server.url}${path}`, { waitUntil: 'load', timeout: 120000 });
    try {
      runs.push(await page.evaluate(() => window.benchPluginStart('/plugin.js')));
    } catch (err) {
      throw new Error(`plugin start failed: ${err.message}${errors.length ? ` (page errors: ${errors.map((e) => e.message).join('; ')})` : ''}`);
    }
    await context.close();
  }
  const sorted = (key) => runs.map((r) => r[key]).sort((a, b) => a - b);
  const at = (key, q) => round(percentile(sorted(key), q), 2);
  return { median: at('totalMs', 0.5), p90: at('totalMs', 0.9), evaluate: at('evaluateMs', 0.5), core: at('coreMs', 0.5), register: at('registerMs', 0.5) };
}

/**
 * `loads` cold loads with the Flex APIs the plugin calls as plain objects, and
 * `realFlexLoads` with the real Flex UI module in the page (each such page
 * spends about 10 s evaluating Flex, so only a few).
 */
export async function pluginStartFigures({ root, loads = 20, realFlexLoads = 0, browser: given }) {
  const bundlePath = join(root, 'plugin', 'dist', 'plugin-callback-and-voicemail.js');
  const files = { '/plugin.js': readFileSync(bundlePath), '/start.js': readFileSync(join(root, 'bench', 'plugin-start-page.js')) };
  for (const [path, file] of Object.entries(vendorFiles(root))) files[path] = readFileSync(file);
  const page = (libs) => ['<!doctype html><meta charset="utf-8"><title>plugin start</title><div id="root"></div>',
    ...libs.map((n) => `<script src="/vendor/${n}.js"></script>`), '<script src="/start.js"></script>'].join('');
  const libs = ['react', 'react-dom', 'redux', 'react-redux'];
  files['/'] = page(libs);
  if (realFlexLoads > 0) {
    // Builds local/dist/flex-ui.js only when missing or Flex changed.
    const { buildHost } = await import(join(root, 'local', 'build.mjs'));
    const { dist } = await buildHost();
    files['/vendor/flex-ui.js'] = readFileSync(join(dist, 'flex-ui.js'));
    files['/real.html'] = page([...libs, 'flex-ui']);
  }

  const server = await serve(files);
  let light;
  let real;
  let version;
  try {
    await withBrowser(given, async (browser) => {
      version = browser.version();
      light = await timeLoads(browser, server, '/', loads);
      if (realFlexLoads > 0) real = await timeLoads(browser, server, '/real.html', realFlexLoads);
    });
  } finally {
    await server.close();
  }
  const ctx = {
    env: 'chromium', chromium: version, cold: 'fresh browser context per load', settled: 'from 1.5 s after navigation start (Flex loads plugins after booting)',
    from: 'bundle bytes in hand: its <script> evaluated', to: 'init(flex, manager) resolved: core instantiated; channels, actions, notifications, strings, state and panel registered',
    manager: 'shaped like the local host\'s (Redux store with addReducer, strings, configuration, user, worker), feature enabled',
    split: 'evaluate = the bundle\'s <script>; core = init start to WebAssembly.instantiate resolved; register = the rest of init',
    bundle_bytes: files['/plugin.js'].length,
  };
  const lightCtx = { ...ctx, loads, flex: 'light stub of window.Twilio.Flex with the APIs the plugin calls at init (Plugins.init, setProviders, TaskInfoPanel.Content.replace, DefaultTaskChannels.createDefaultTaskChannel, TaskChannels.register, Actions.addListener, Notifications.registerNotification): the real module takes about 10 s to evaluate per cold page here, so it is timed in a few loads of full runs only: plugin_start_chromium_real_flex_*' };
  const figures = [
    { name: 'plugin_start_chromium_median', value: light.median, unit: 'ms', goal: `<= ${PLUGIN_START_GOAL_MS} ms`, meets_goal: light.median <= PLUGIN_START_GOAL_MS, ...lightCtx,
      median_evaluate_ms: light.evaluate, median_core_ms: light.core, median_register_ms: light.register },
    { name: 'plugin_start_chromium_p90', value: light.p90, unit: 'ms', ...lightCtx },
    { name: 'plugin_start_chromium_evaluate_median', value: light.evaluate, unit: 'ms', ...lightCtx, part: 'bundle evaluation' },
    { name: 'plugin_start_chromium_core_median', value: light.core, unit: 'ms', ...lightCtx, part: 'init start to WebAssembly.instantiate resolved' },
    { name: 'plugin_start_chromium_register_median', value: light.register, unit: 'ms', ...lightCtx, part: 'core ready to init resolved' },
  ];
  if (real) {
    const realCtx = { ...ctx, loads: realFlexLoads, flex: 'real @twilio/flex-ui module in the page (local/build.mjs, as the local host serves it)' };
    figures.push(
      { name: 'plugin_start_chromium_real_flex_median', value: real.median, unit: 'ms', cross_check_of: 'plugin_start_chromium_median', ...realCtx,
        median_evaluate_ms: real.evaluate, median_core_ms: real.core, median_register_ms: real.register },
      { name: 'plugin_start_chromium_real_flex_register_median', value: real.register, unit: 'ms', ...realCtx, part: 'core ready to init resolved' },
    );
  }
  return figures;
}
