// Boots the local Flex host: the real Flex UI module is on the page
// (window.Twilio.Flex); the host adds what a logged-in Flex would have (a
// manager with its store, strings, configuration, user token and worker),
// implements the Flex actions the agent uses, loads the built plugin bundle
// through Twilio.Flex.Plugins.init as Flex does, calls its init(flex, manager),
// and renders the agent desktop.
import { createHostStore } from './store';
import { createEmulator } from './emulator';
import { createTaskSync } from './tasks';
import { registerHostActions } from './actions';
import { HostApp, withHostViews } from './components';
import { pageOptions } from './switches';
import Handlebars from 'handlebars';

const React = window.React;
const ReactDOM = window.ReactDOM;
const { Provider } = window.ReactRedux;

// As a logged-in Flex Manager does, setting manager.strings compiles them
// (Handlebars) into the registry Flex's Template component renders from.
function compileStrings(flex, strings) {
  for (const [key, text] of Object.entries(strings)) {
    if (typeof text === 'string') flex.templates[key] = Handlebars.compile(text);
  }
}

function createManager({ flex, config, store, configuration, serviceConfiguration, activity }) {
  const listeners = new Map();
  const workerListeners = new Map();
  let strings = { ...((flex.languages && flex.languages.default) || {}) };
  compileStrings(flex, strings);
  return {
    store,
    get strings() { return strings; },
    set strings(value) { strings = value; compileStrings(flex, value); },
    configuration,
    serviceConfiguration,
    user: { identity: config.agent.identity, token: config.token, roles: config.roles || ['agent'] },
    workerClient: {
      sid: config.agent.workerSid,
      name: config.agent.identity,
      activity,
      attributes: { full_name: config.agent.fullName },
      // twilio-taskrouter's Worker events the plugin listens to (reservationCreated).
      on(name, fn) { workerListeners.set(name, [...(workerListeners.get(name) || []), fn]); },
      emit(name, ...args) { (workerListeners.get(name) || []).forEach((fn) => fn(...args)); },
    },
    events: {
      addListener(name, fn) { listeners.set(name, [...(listeners.get(name) || []), fn]); },
      removeListener(name, fn) { listeners.set(name, (listeners.get(name) || []).filter((f) => f !== fn)); },
      emit(name, ...args) { (listeners.get(name) || []).forEach((fn) => fn(...args)); },
    },
    updateConfig(partial) { Object.assign(configuration, partial); },
    flex,
  };
}

// Loads the plugin bundle the way Flex does: the bundle calls
// FlexPlugin.loadPlugin, which hands its class to Twilio.Flex.Plugins.init;
// the host takes that call over on Flex's own plugin manager.
function loadPluginClass(flex, url) {
  return new Promise((resolve, reject) => {
    let handedOver = false;
    flex.Plugins.init = function hostPluginInit(PluginClass) {
      handedOver = true;
      resolve(PluginClass);
    };
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => {
      if (!handedOver) reject(new Error(`${url} loaded but did not call FlexPlugin.loadPlugin.`));
    };
    script.onerror = () => reject(new Error(`${url} could not be loaded.`));
    document.head.appendChild(script);
  });
}

async function boot() {
  const root = document.getElementById('host-root');
  const flex = window.Twilio && window.Twilio.Flex;
  if (!flex || !flex.Actions) throw new Error('The Flex UI module did not load (window.Twilio.Flex is missing).');
  window.Twilio.FlexProxy = window.Twilio.FlexProxy || {};

  const params = new URLSearchParams(window.location.search);
  const config = await fetch(`/host-config.json?role=${encodeURIComponent(params.get('role') || 'agent')}`).then((r) => r.json());
  const outboundEnabled = params.get('outbound') !== 'off';
  const activity = params.get('activity') === 'offline' ? config.agent.activities.offline : config.agent.activities.available;
  // The agent's language and the Flex theme, as Flex reads them at start: `?locale=th`, `?theme=dark`.
  const { locale, theme, isLight } = pageOptions(params);
  document.documentElement.lang = locale;
  document.body.classList.toggle('theme-dark', !isLight);

  const configuration = {
    language: locale,
    theme: { isLight },
    custom_data: {
      features: {
        callback_and_voicemail: { ...config.featureConfig, serverless_domain: config.functionsUrl },
      },
    },
  };
  const serviceConfiguration = {
    account_sid: config.accountSid,
    taskrouter_workspace_sid: config.workspaceSid,
    taskrouter_offline_activity_sid: config.agent.activities.offline.sid,
    outbound_call_flows: {
      default: {
        enabled: outboundEnabled,
        caller_id: config.contactCentreNumber,
        workflow_sid: config.workflowSid,
        queue_sid: 'WQ' + '0'.repeat(32),
        location: 'US',
      },
    },
    ui_attributes: configuration,
  };

  const store = createHostStore({ agent: config.agent, activity, token: config.token, configuration });
  const manager = createManager({ flex, config, store, configuration, serviceConfiguration, activity });
  const emulator = createEmulator(config);
  const sync = createTaskSync({ store, emulator, flex, agent: config.agent });
  const actionLog = [];
  const record = (name, detail) => actionLog.push({ name, detail, at: new Date().toISOString() });
  registerHostActions({ flex, store, manager, emulator, sync, config, getOutboundEnabled: () => outboundEnabled, record });

  const host = { flex, manager, store, config, outboundEnabled, locale, theme, plugin: { state: 'loading', detail: '' }, actionLog, sync };
  window.__cbvmHost = host;

  // Flex wraps its root with what plugins registered (Flex.setProviders adds
  // RootContainer wrappers, e.g. a Paste theme provider); the host does too.
  const render = () => {
    let Root = HostApp;
    for (const wrap of flex.RootContainer.Content.getAllWrappers() || []) Root = wrap(Root);
    ReactDOM.render(
      <Provider store={store}>
        <Root host={host} theme={{ isLight }} />
      </Provider>,
      root,
    );
  };

  if (!config.plugin.present) {
    host.plugin = { state: 'failed', detail: `${config.plugin.path} does not exist: build the plugin first.` };
  } else {
    try {
      const PluginClass = await loadPluginClass(flex, config.plugin.url);
      const plugin = new PluginClass();
      await plugin.init(withHostViews(flex), manager);
      host.plugin = { state: 'loaded', detail: `${plugin.name || PluginClass.name}${plugin.version ? `@${plugin.version}` : ''}` };
    } catch (err) {
      console.error('The plugin failed to load:', err);
      host.plugin = { state: 'failed', detail: String(err && err.message ? err.message : err) };
    }
  }
  render();
  await sync.start();
  document.body.dataset.hostReady = 'true';
}

boot().catch((err) => {
  console.error(err);
  document.getElementById('host-root').innerHTML = '';
  const p = document.createElement('p');
  p.className = 'crash';
  p.dataset.testid = 'host-error';
  p.textContent = `The host could not start: ${err.message}`;
  document.getElementById('host-root').appendChild(p);
});
