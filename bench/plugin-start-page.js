// Runs in the plugin-start page, after React, ReactDOM, Redux and ReactRedux
// (and, on the real-Flex page, the Flex UI module) loaded as the local Flex host
// loads them (local/web/index.html). Times what the plugin adds to Flex's
// start: the bundle's evaluation, and its init(flex, manager) (core, then
// registration).
'use strict';

// The Flex APIs the plugin calls while it starts, as plain objects: the real
// module takes about 10 s to evaluate per cold page on this machine.
function lightFlex() {
  const channels = [];
  const section = () => ({});
  return {
    Plugins: { init() {} },
    setProviders() {},
    TaskInfoPanel: { Content: { replace() {}, add() {}, remove() {} } },
    DefaultTaskChannels: {
      createDefaultTaskChannel(name, isApplicable, icon, iconActive, color) {
        return {
          name, isApplicable, icons: { list: icon, main: icon, active: iconActive }, colors: { main: color },
          capabilities: new Set(), addedComponents: [], replacedComponents: [], removedComponents: [],
          templates: { TaskListItem: section(), TaskCanvasHeader: section(), IncomingTaskCanvas: section(), TaskCard: section(), Supervisor: { TaskOverviewCanvas: section(), TaskCanvasHeader: section() } },
        };
      },
    },
    TaskChannels: { register(channel) { channels.push(channel); return channel; }, getRegistered: () => channels.slice() },
    Actions: (() => {
      const listeners = new Map();
      return {
        addListener(name, fn) { listeners.set(name, [...(listeners.get(name) || []), fn]); },
        registerAction() {}, replaceAction() {}, invokeAction: async () => undefined,
      };
    })(),
    Notifications: { registeredNotifications: new Map(), registerNotification(n) { this.registeredNotifications.set(n.id, n); }, showNotification() {} },
    NotificationType: { information: 'information', success: 'success', warning: 'warning', error: 'error' },
    languages: { default: {} },
  };
}

// What a logged-in Flex gives init(): a manager as the local host builds it
// (local/web/host/main.jsx), with the feature enabled.
function benchManager(flex) {
  const { createStore, combineReducers } = window.Redux;
  const activity = { sid: 'WA' + '1'.repeat(32), name: 'Available', available: true };
  const flexSlice = (state = { worker: { activity, tasks: new Map() }, view: { selectedTaskSid: null } }) => state;
  const reducers = { flex: flexSlice };
  const store = createStore(combineReducers(reducers));
  store.addReducer = (namespace, reducer) => {
    reducers[namespace] = reducer;
    store.replaceReducer(combineReducers(reducers));
  };
  const configuration = {
    language: 'en-US',
    custom_data: {
      features: {
        callback_and_voicemail: { enabled: true, allow_requeue: true, max_attempts: 3, auto_select_task: true, serverless_domain: 'http://127.0.0.1:9' },
      },
    },
  };
  return {
    store,
    strings: { ...((flex.languages && flex.languages.default) || {}) },
    configuration,
    serviceConfiguration: {
      taskrouter_offline_activity_sid: 'WA' + '0'.repeat(32),
      outbound_call_flows: { default: { enabled: true, caller_id: '+18005550199', workflow_sid: 'WW' + 'a'.repeat(32), queue_sid: 'WQ' + '0'.repeat(32) } },
      ui_attributes: configuration,
    },
    user: { identity: 'alice', token: 'token', roles: ['agent'] },
    workerClient: { sid: 'WK' + '1'.repeat(32), name: 'alice', activity, attributes: {} },
    events: { addListener() {}, removeListener() {}, emit() {} },
    updateConfig(partial) { Object.assign(configuration, partial); },
    flex,
  };
}

// Flex loads plugins after it has booted. A renderer's first second here
// (its own start-up, JIT threads on 2 cores) runs the same code about twice as
// slowly, so measure from 1.5 s after navigation start.
const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - performance.now())));

window.benchPluginStart = async (bundleUrl) => {
  window.Twilio = window.Twilio || {};
  if (!window.Twilio.Flex) window.Twilio.Flex = lightFlex();
  const flex = window.Twilio.Flex;
  window.Twilio.FlexProxy = window.Twilio.FlexProxy || {};
  const code = await (await fetch(bundleUrl)).text();
  const manager = benchManager(flex);
  const channelsBefore = flex.TaskChannels.getRegistered().length;
  await settle();

  // The host takes FlexPlugin.loadPlugin's hand-over, as local/web/host/main.jsx does.
  let PluginClass;
  flex.Plugins.init = (Plugin) => { PluginClass = Plugin; };
  // When the core's WebAssembly instance is ready: splits init into core and registration.
  let instantiated = 0;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function timedInstantiate(...args) {
    return instantiate.apply(this, args).then((result) => {
      instantiated = performance.now();
      return result;
    });
  };

  // The bytes are in hand (as after the host's <script src> arrives), so
  // this times parsing, compiling and running the bundle only.
  const t0 = performance.now();
  const script = document.createElement('script');
  script.textContent = code;
  document.head.appendChild(script);
  const t1 = performance.now();
  if (!PluginClass) throw new Error('the bundle did not call FlexPlugin.loadPlugin');
  const plugin = new PluginClass();
  await plugin.init(flex, manager);
  const t2 = performance.now();
  WebAssembly.instantiate = instantiate;

  const registered = flex.TaskChannels.getRegistered().map((c) => c.name);
  if (!instantiated || !registered.includes('callback') || !registered.includes('voicemail') || registered.length < channelsBefore + 2) {
    throw new Error(`the plugin did not register (core ready: ${Boolean(instantiated)}, channels: ${registered.join(', ')})`);
  }
  return {
    totalMs: t2 - t0,
    evaluateMs: t1 - t0,
    initMs: t2 - t1,
    coreMs: instantiated - t1,
    registerMs: t2 - instantiated,
  };
};
