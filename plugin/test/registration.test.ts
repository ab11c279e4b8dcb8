// Registration against the real @twilio/flex-ui 2.17 module under jsdom.
import './support/dom';

import assert from 'node:assert/strict';
import { before, describe, it, mock } from 'node:test';
import * as Flex from '@twilio/flex-ui';
import type { Core } from '@cbvm/core';

import { registerCallbackAndVoicemail, type RegisteredFeature } from '../src/feature/callback-and-voicemail';
import { readFeatureConfig } from '../src/feature/callback-and-voicemail/config';
import { panelApplies } from '../src/feature/callback-and-voicemail/flex-hooks/components/TaskInfoPanel';
import { NotificationId } from '../src/feature/callback-and-voicemail/flex-hooks/notifications';
import { STATE_KEY } from '../src/feature/callback-and-voicemail/flex-hooks/states/CallbackAndVoicemail';
import { createManager, makeTask, SID, testCore, voicemailTask, type TestManager } from './support/harness';

type AnyTask = Parameters<Flex.TaskChannelDefinition['isApplicable']>[0];
const asTask = (task: unknown) => task as AnyTask;

describe('registration with the real Flex UI', () => {
  let core: Core;
  let manager: TestManager;
  let feature: RegisteredFeature | null;
  const calls = { replace: [] as unknown[][], addListener: [] as string[], setProviders: 0 };

  before(async () => {
    core = await testCore();
    manager = createManager({ localeTag: 'en-US' });
    const replace = Flex.TaskInfoPanel.Content.replace.bind(Flex.TaskInfoPanel.Content);
    mock.method(Flex.TaskInfoPanel.Content, 'replace', (...args: unknown[]) => {
      calls.replace.push(args);
      return (replace as (...a: unknown[]) => unknown)(...args);
    });
    const addListener = Flex.Actions.addListener.bind(Flex.Actions);
    mock.method(Flex.Actions, 'addListener', (event: string, listener: (...args: unknown[]) => void) => {
      calls.addListener.push(event);
      return addListener(event, listener);
    });
    // The real Flex module, with setProviders observed (the namespace's own
    // properties are read-only getters, so it is observed through a proxy).
    const flex = new Proxy(Flex, {
      get(target, key) {
        if (key !== 'setProviders') return Reflect.get(target, key);
        return (...args: Parameters<typeof Flex.setProviders>) => {
          calls.setProviders += 1;
          return target.setProviders(...args);
        };
      },
    });
    feature = registerCallbackAndVoicemail(flex, manager as unknown as Flex.Manager, core, readFeatureConfig(manager as unknown as Flex.Manager));
  });

  const channel = (name: string) => {
    const found = Flex.TaskChannels.getRegistered().find((c) => c.name === name);
    assert.ok(found, `channel ${name} is registered`);
    return found;
  };

  it('registers the callback and voicemail channels with the core colours and Paste icons', () => {
    assert.ok(feature);
    for (const [name, color] of [['callback', 'palegreen'], ['voicemail', 'deepskyblue']] as const) {
      const c = channel(name);
      // Flex keys colours by reservation status and greys out finished ones.
      const main = c.colors?.main as Record<string, string>;
      assert.equal(main.Reserved, color);
      assert.equal(main.Assigned, color);
      assert.equal(main.Accepted, color);
      const icon = c.icons?.main as { type?: { displayName?: string } } | undefined;
      assert.equal(icon?.type?.displayName, name === 'callback' ? 'CallOutgoingIcon' : 'VoicemailIcon');
    }
  });

  it('applies each channel only to voice tasks of its task type', () => {
    const callback = channel('callback');
    const voicemail = channel('voicemail');
    const voiceCallback = makeTask();
    const voiceVoicemail = voicemailTask();
    const chatCallback = makeTask({ taskChannelUniqueName: 'chat' });
    const plainVoice = makeTask({ attributes: { from: '+15551234567', direction: 'inbound' } });
    const noAttributes = { ...makeTask(), attributes: undefined };
    const stringAttributes = makeTask({ attributes: JSON.stringify({ taskType: 'callback' }) as unknown as Record<string, unknown> });

    assert.equal(callback.isApplicable(asTask(voiceCallback)), true);
    assert.equal(voicemail.isApplicable(asTask(voiceCallback)), false);
    assert.equal(voicemail.isApplicable(asTask(voiceVoicemail)), true);
    assert.equal(callback.isApplicable(asTask(voiceVoicemail)), false);
    assert.equal(callback.isApplicable(asTask(chatCallback)), false);
    assert.equal(callback.isApplicable(asTask(plainVoice)), false);
    assert.equal(voicemail.isApplicable(asTask(plainVoice)), false);
    assert.equal(callback.isApplicable(asTask(noAttributes)), false);
    assert.equal(callback.isApplicable(asTask(stringAttributes)), true);
    assert.equal(callback.isApplicable(asTask(null)), false);
  });

  it('wins over Flex\'s own voice channel for callback and voicemail tasks', () => {
    assert.equal(Flex.TaskChannels.getForTask(asTask(makeTask())).name, 'callback');
    assert.equal(Flex.TaskChannels.getForTask(asTask(voicemailTask())).name, 'voicemail');
    assert.notEqual(Flex.TaskChannels.getForTask(asTask(makeTask({ attributes: {} }))).name, 'callback');
  });

  it('titles every surface through the core with the localised channel word', () => {
    const task = asTask(makeTask());
    const templates = channel('callback').templates!;
    const call = (value: unknown) => (value as (t: AnyTask, c: unknown) => string)(task, null);
    // The narrow list surfaces put the number first; the wide headers lead with the queue.
    assert.equal(call(templates.TaskListItem?.firstLine), '+15551234567 · Callback · Support');
    assert.equal(call(templates.TaskCanvasHeader?.title), 'Support: Callback (+15551234567)');
    assert.equal(call(templates.IncomingTaskCanvas?.firstLine), '+15551234567 · Callback · Support');
    assert.equal(call(templates.Supervisor?.TaskOverviewCanvas.firstLine), 'Support: Callback (+15551234567)');
    assert.equal(call(templates.TaskCard?.firstLine), '+15551234567 · Callback');
    assert.equal(call(templates.Supervisor?.TaskCanvasHeader?.title), 'Callback (+15551234567)');

    const vm = channel('voicemail').templates!;
    assert.equal(call(vm.TaskListItem?.firstLine), '+15551234567 · Voicemail · Support');
    assert.equal(call(vm.TaskCard?.firstLine), '+15551234567 · Voicemail');
    // Flex's other templates are kept.
    assert.equal(typeof templates.TaskListItem?.secondLine, 'object');
  });

  it('follows a change of the channel word in Flex strings', () => {
    const previous = manager.strings.CallbackChannelName;
    manager.strings.CallbackChannelName = 'Rappel';
    try {
      const title = channel('callback').templates!.TaskCard!.firstLine as (t: AnyTask, c: unknown) => string;
      assert.equal(title(asTask(makeTask()), null), '+15551234567 · Rappel');
    } finally {
      manager.strings.CallbackChannelName = previous;
    }
  });

  it('replaces the task info panel only for callback and voicemail tasks', () => {
    assert.equal(calls.replace.length, 1);
    const [element, options] = calls.replace[0] as [{ key: string }, { if: (props: unknown) => boolean }];
    assert.equal(element.key, 'cbvm-callback-panel');
    assert.equal(options.if({ task: makeTask() }), true);
    assert.equal(options.if({ task: voicemailTask() }), true);
    assert.equal(options.if({ task: makeTask({ taskChannelUniqueName: 'chat' }) }), false);
    assert.equal(options.if({}), false);
    assert.equal(panelApplies(core, undefined), false);
    assert.equal(calls.setProviders, 1);
  });

  it('listens to beforeSelectTask for auto-select', () => {
    assert.deepEqual(calls.addListener, ['beforeSelectTask']);
    const emitter = (Flex.Actions as unknown as { emitter: { listenerCount(event: string): number } }).emitter;
    assert.ok(emitter.listenerCount('beforeSelectTask') >= 1);
  });

  it('registers its notifications with string-key content', () => {
    const types: Record<string, string> = {
      [NotificationId.CallPlaced]: Flex.NotificationType.information,
      [NotificationId.RequeueSucceeded]: Flex.NotificationType.success,
    };
    for (const id of Object.values(NotificationId)) {
      const n = Flex.Notifications.registeredNotifications.get(id);
      assert.ok(n, `notification ${id}`);
      assert.equal(n.type, types[id] ?? Flex.NotificationType.error, id);
      assert.match(String(n.content), /^CBVM/);
      assert.ok(String(n.content) in manager.strings, `${id}'s text is a registered string`);
    }
  });

  it('registers PlaceCallbackCall and RequeueCallback as Flex actions the buttons invoke', async () => {
    const task = makeTask();
    const seen: string[] = [];
    const before = (payload: { task: { taskSid: string } }) => void seen.push(`before ${payload.task.taskSid}`);
    const after = (payload: { task: { taskSid: string } }) => void seen.push(`after ${payload.task.taskSid}`);
    Flex.Actions.addListener('beforePlaceCallbackCall', before);
    Flex.Actions.addListener('afterPlaceCallbackCall', after);
    const real = Flex.Actions.invokeAction.bind(Flex.Actions);
    const start = mock.method(Flex.Actions, 'invokeAction', (async (name: string, payload: never) =>
      name === 'StartOutboundCall' ? undefined : real(name, payload)) as typeof Flex.Actions.invokeAction);
    const shown = mock.method(Flex.Notifications, 'showNotification', () => null);
    try {
      // The panel's Place Call button, as registered.
      const deps = (calls.replace[0] as [{ props: { deps: { placeCall(t: unknown): Promise<unknown> } } }])[0].props.deps;
      const outcome = await deps.placeCall(task);
      assert.equal(outcome, 'started');
      assert.deepEqual(seen, [`before ${SID.task}`, `after ${SID.task}`]);
      const names = start.mock.calls.map((c) => c.arguments[0]);
      assert.deepEqual(names, ['PlaceCallbackCall', 'StartOutboundCall']);
      assert.equal(shown.mock.calls[0]?.arguments[0], NotificationId.CallPlaced);
    } finally {
      Flex.Actions.removeListener('beforePlaceCallbackCall', before);
      Flex.Actions.removeListener('afterPlaceCallbackCall', after);
      start.mock.restore();
      shown.mock.restore();
    }
  });

  it('lets a before listener abort PlaceCallbackCall', async () => {
    const stop = (_payload: unknown, abort: () => void) => abort();
    Flex.Actions.addListener('beforePlaceCallbackCall', stop);
    const real = Flex.Actions.invokeAction.bind(Flex.Actions);
    const start = mock.method(Flex.Actions, 'invokeAction', ((name: string, payload: never) => real(name, payload)) as typeof Flex.Actions.invokeAction);
    try {
      await Flex.Actions.invokeAction('PlaceCallbackCall', { task: makeTask() }).catch(() => undefined);
      assert.deepEqual(start.mock.calls.map((c) => c.arguments[0]), ['PlaceCallbackCall'], 'no call was started');
    } finally {
      Flex.Actions.removeListener('beforePlaceCallbackCall', stop);
      start.mock.restore();
    }
  });

  it('refuses RequeueCallback without a task', async () => {
    await assert.rejects(Flex.Actions.invokeAction('RequeueCallback', {}), /RequeueCallback needs \{ task \}/);
  });

  it('adds its reducer and strings to the manager', () => {
    const state = manager.store.getState() as Record<string, unknown>;
    assert.deepEqual(Object.keys(state[STATE_KEY] as object).sort(), ['lastPlacedTaskSid', 'pending', 'placedAt', 'requeued']);
    assert.equal(manager.strings.CallbackHeading, 'Callback Request');
    assert.equal(manager.strings.CBVMPlaceCall, 'Place Call Now To {{number}}');
    assert.equal(manager.strings.TaskHeaderLine, '{{task.defaultFrom}}', 'Flex strings are kept');
  });

  it('keeps strings that were already set', () => {
    assert.equal(SID.task.length, 34);
    const m = createManager();
    m.strings.CallbackHeading = 'Call them back';
    const config = readFeatureConfig(m as unknown as Flex.Manager);
    const fakeFlex = {
      ...Flex,
      TaskChannels: { register: () => undefined },
      Actions: { addListener: () => undefined, registerAction: () => undefined },
      TaskInfoPanel: { Content: { replace: () => undefined } },
      setProviders: () => undefined,
    } as unknown as typeof Flex;
    registerCallbackAndVoicemail(fakeFlex, m as unknown as Flex.Manager, core, config);
    assert.equal(m.strings.CallbackHeading, 'Call them back');
    assert.equal(m.strings.CallbackDescription, 'A contact has requested an immediate callback.');
  });
});
