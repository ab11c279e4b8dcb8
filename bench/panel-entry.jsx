// Bundled by panel.mjs into the panel page: the plugin's real CallbackPanel
// (React 17 + Paste, production builds), with the core as the plugin loads it
// (bundledCore.ts: the browser build, .wasm inlined), in a Redux store with
// what its selectors read, under the Paste provider the plugin gives Flex.
import React, { useState } from 'react';
import ReactDOM from 'react-dom';
import { combineReducers, createStore } from 'redux';
import { Provider } from 'react-redux';
import { CustomizationProvider } from '@twilio-paste/core/customization';

import { loadBundledCore } from '../plugin/src/core/bundledCore';
import { CallbackPanel } from '../plugin/src/feature/callback-and-voicemail/custom-components/CallbackPanel';
import { STATE_KEY, reducer } from '../plugin/src/feature/callback-and-voicemail/flex-hooks/states/CallbackAndVoicemail';
import { stringsForLocale } from '../plugin/src/feature/callback-and-voicemail/flex-hooks/strings';
import { timeCalls, voicemailTask } from './workloads.mjs';

const now = () => performance.now();
// The panel mounts when an agent opens a task, long after the page started; a
// renderer's first second here runs the same code about twice as slowly.
const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - performance.now())));

// The workload's voicemail as Flex hands a task to the panel (ITask fields).
const task = {
  ...voicemailTask,
  sid: 'WR' + '1'.repeat(32),
  taskSid: voicemailTask.sid,
  queueSid: 'WQ' + '0'.repeat(32),
  queueName: 'Support',
  dateCreated: new Date(voicemailTask.dateCreated),
};

function benchStore() {
  const flex = (state = { worker: { activity: { sid: 'WA1' }, tasks: new Map() }, view: { selectedTaskSid: task.sid } }) => state;
  return createStore(combineReducers({ flex, [STATE_KEY]: reducer }));
}

// A few bytes standing in for the recording: the player gets a blob URL.
const media = { recording: btoa('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000'), type: 'audio/mpeg' };

/** Time spent inside core.panelState, wrapped around the real core. */
function timedCore(core) {
  const timing = { ms: 0, calls: 0, lastInput: null };
  // The shim's core object is frozen: shadow its method on an object inheriting from it.
  const wrapped = Object.create(core);
  Object.defineProperty(wrapped, 'panelState', { value: (input) => {
    const t0 = now();
    try {
      return core.panelState(input);
    } finally {
      timing.ms += now() - t0;
      timing.calls += 1;
      timing.lastInput = input;
    }
  } });
  return { wrapped, timing };
}

window.benchPanel = async ({ rerenders, remounts }) => {
  const core = await loadBundledCore();
  const { wrapped, timing } = timedCore(core);
  const strings = stringsForLocale('en-US');
  const deps = {
    core: wrapped,
    feature: { enabled: true, allow_requeue: true, max_attempts: 3 },
    strings: () => strings,
    locale: () => 'en-US',
    offlineActivitySid: () => 'WA0',
    fetchVoicemail: async () => media,
    placeCall: async () => undefined,
    retryLater: async () => undefined,
    agentTimeZone: () => 'America/Los_Angeles',
  };
  const store = benchStore();
  let rerender;
  function Host() {
    const [, setTick] = useState(0);
    rerender = setTick;
    return <CallbackPanel task={task} deps={deps} />;
  }
  const tree = (
    <Provider store={store}>
      <CustomizationProvider baseTheme="default">
        <Host />
      </CustomizationProvider>
    </Provider>
  );
  const container = document.createElement('div');
  document.body.appendChild(container);
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
  await settle();

  // The first mount in the page: nothing of React, Paste or the panel has run yet.
  let t0 = now();
  ReactDOM.render(tree, container);
  const coldMountMs = now() - t0;
  const coldMountCoreMs = timing.ms;
  await tick(); // the recording arrives
  const text = container.textContent;
  if (!text.includes('+14155550100') || !text.includes(task.attributes.callBackData.transcriptText) || !container.querySelector('audio')) {
    throw new Error(`the panel did not render the voicemail: ${text.slice(0, 200)}`);
  }

  const renderOnce = (i) => {
    const core0 = timing.ms;
    const calls0 = timing.calls;
    const t = now();
    ReactDOM.flushSync(() => rerender(i));
    return { ms: now() - t, coreMs: timing.ms - core0, calls: timing.calls - calls0 };
  };
  for (let i = 0; i < 100; i++) renderOnce(i); // warm-up
  const renders = [];
  for (let i = 0; i < rerenders; i++) renders.push(renderOnce(100 + i));

  const mounts = [];
  for (let i = 0; i < remounts; i++) {
    ReactDOM.unmountComponentAtNode(container);
    t0 = now();
    ReactDOM.render(tree, container);
    mounts.push(now() - t0);
    await tick();
  }
  ReactDOM.unmountComponentAtNode(container);

  // Cross-check of the wrapper's sums: the same input in a tight loop (hot
  // caches and JIT), which runs several times faster than between renders.
  const input = timing.lastInput;
  if (!input || !timing.calls) throw new Error('the panel never called core.panelState through deps.core');
  const batched = timeCalls(() => core.panelState(input), 20000, now);
  return {
    coldMountMs, coldMountCoreMs, mounts,
    renders: renders.map((r) => r.ms),
    renderCore: renders.map((r) => r.coreMs),
    renderCoreMs: renders.reduce((s, r) => s + r.coreMs, 0),
    renderTotalMs: renders.reduce((s, r) => s + r.ms, 0),
    coreCallsPerRender: renders.reduce((s, r) => s + r.calls, 0) / renders.length,
    panelStateBatchedNs: batched.median,
    isolated: self.crossOriginIsolated,
  };
};
