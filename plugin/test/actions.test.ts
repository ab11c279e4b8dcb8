// Place call, retry later and auto-select, observed through the real Flex
// Actions and Notifications objects with invokeAction / showNotification spied.
import './support/dom';

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, mock } from 'node:test';
import * as Flex from '@twilio/flex-ui';
import type { Core, FeatureConfig } from '@cbvm/core';

import { createBeforeSelectTask, createCallbackActions, type CallbackActions } from '../src/feature/callback-and-voicemail/flex-hooks/actions';
import { NotificationId } from '../src/feature/callback-and-voicemail/flex-hooks/notifications';
import { actionStarted, registerState, selectFeatureState } from '../src/feature/callback-and-voicemail/flex-hooks/states/CallbackAndVoicemail';
import { CallbackServiceError } from '../src/feature/callback-and-voicemail/services/CallbackService';
import { callBackData, createManager, createTestStore, makeTask, setFlex, SID, testCore, type TestManager, type TestStore } from './support/harness';

type Invocation = [name: string, payload: Record<string, unknown>];

function spyInvoke(impl: (name: string, payload: Record<string, unknown>) => Promise<unknown> = async () => undefined) {
  return mock.method(Flex.Actions, 'invokeAction', impl as typeof Flex.Actions.invokeAction);
}

function spyNotifications() {
  return mock.method(Flex.Notifications, 'showNotification', () => null);
}

const invocations = (spy: ReturnType<typeof spyInvoke>) => spy.mock.calls.map((c) => c.arguments as unknown as Invocation);

describe('place call', () => {
  let core: Core;
  let manager: TestManager;
  let actions: CallbackActions;
  const requeued: string[] = [];
  const waits: number[] = [];

  before(async () => {
    core = await testCore();
    mock.method(console, 'warn', () => undefined);
  });
  beforeEach(() => {
    mock.restoreAll();
    mock.method(console, 'warn', () => undefined);
    manager = createManager();
    registerState(manager as never);
    requeued.length = 0;
    waits.length = 0;
    actions = createCallbackActions({
      flex: Flex,
      manager: manager as never,
      core,
      service: { requeueCallback: async (sid: string) => (requeued.push(sid), { success: true, taskSid: 'WTnew' }) },
      wait: async (ms: number) => {
        waits.push(ms);
      },
    });
  });

  it('starts an outbound call with the core\'s plan', async () => {
    const invoke = spyInvoke();
    const notify = spyNotifications();
    const task = makeTask({ attributes: { taskType: 'callback', name: '+15551234567', conversations: { conversation_id: 'CONV1' }, callBackData: callBackData() } });
    assert.equal(await actions.placeCall(task), 'started');

    assert.equal(invoke.mock.callCount(), 1);
    const [name, payload] = invocations(invoke)[0]!;
    assert.equal(name, 'StartOutboundCall');
    assert.equal(payload.destination, '+15551234567');
    assert.equal(payload.callerId, '+15557654321');
    assert.equal(payload.queueSid, SID.queue);
    const attributes = payload.taskAttributes as Record<string, unknown>;
    assert.equal(attributes.taskType, 'callback-outbound');
    assert.equal(attributes.parentTask, SID.task);
    assert.equal(attributes.autoClose, true);
    assert.deepEqual(attributes.conversations, { conversation_id: 'CONV1' });
    assert.equal(attributes.name, '+15551234567', 'the task\'s own attributes are kept');
    assert.deepEqual(notify.mock.calls.map((c) => c.arguments), [[NotificationId.CallPlaced, { number: '+15551234567' }]], 'the agent is told the call started');

    const state = selectFeatureState(manager.store.getState());
    assert.equal(state.lastPlacedTaskSid, SID.task, 'the task is remembered for auto-select');
    assert.match(state.placedAt[SID.task] ?? '', /^\d{4}-\d\d-\d\dT/, 'when the call was placed is remembered for the panel');
    assert.deepEqual(state.pending, {}, 'nothing is pending once the call has started');
  });

  it('reads a national number in the feature\'s default region', async () => {
    const task = () => makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ numberToCall: '4155550100' }) } });
    const notify = spyNotifications();
    assert.equal(await actions.placeCall(task()), 'refused', 'without a region the number has no country');
    assert.deepEqual(notify.mock.calls[0]!.arguments, [NotificationId.InvalidNumber, { number: '4155550100' }]);

    const feature: FeatureConfig = { enabled: true, default_region: 'US' };
    const regional = createCallbackActions({ flex: Flex, manager: manager as never, core, feature, service: { requeueCallback: async () => ({ success: true, taskSid: 'WTnew' }) } });
    const invoke = spyInvoke();
    assert.equal(await regional.placeCall(task()), 'started');
    assert.equal(invocations(invoke)[0]![1].destination, '+14155550100');
  });

  it('omits the caller ID when the number to call from is a sip: address', async () => {
    const invoke = spyInvoke();
    await actions.placeCall(makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ numberToCallFrom: 'sip:support@example.sip.twilio.com' }) } }));
    const [, payload] = invocations(invoke)[0]!;
    assert.equal('callerId' in payload, false);
    assert.equal(payload.destination, '+15551234567');
  });

  it('refuses with a notification when no outbound call flow is enabled', async () => {
    for (const flows of [{ default: { enabled: false } }, {}]) {
      const invoke = spyInvoke();
      const notify = spyNotifications();
      manager.serviceConfiguration.outbound_call_flows = flows as never;
      assert.equal(await actions.placeCall(makeTask()), 'outbound-disabled');
      assert.equal(invoke.mock.callCount(), 0);
      assert.deepEqual(notify.mock.calls.map((c) => c.arguments[0]), [NotificationId.OutboundDisabled]);
      assert.equal(selectFeatureState(manager.store.getState()).lastPlacedTaskSid, null);
      mock.restoreAll();
    }
  });

  it('places no call for a task without a number to call', async () => {
    const invoke = spyInvoke();
    const notify = spyNotifications();
    assert.equal(await actions.placeCall(makeTask({ attributes: { taskType: 'callback' } })), 'refused');
    assert.equal(invoke.mock.callCount(), 0);
    assert.equal(notify.mock.callCount(), 0);
  });

  it('names a number the core cannot dial instead of calling it', async () => {
    const invoke = spyInvoke();
    const notify = spyNotifications();
    const task = makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ numberToCall: 'call me at home' }) } });
    assert.equal(await actions.placeCall(task), 'refused');
    assert.equal(invoke.mock.callCount(), 0);
    assert.deepEqual(notify.mock.calls[0]!.arguments, [NotificationId.InvalidNumber, { number: 'call me at home' }]);
  });

  it('retries transient StartOutboundCall failures silently', async () => {
    let failuresLeft = 2;
    const invoke = spyInvoke(async () => {
      if (failuresLeft-- > 0) throw new Error('reservation not ready');
    });
    const notify = spyNotifications();
    assert.equal(await actions.placeCall(makeTask()), 'started');
    assert.equal(invoke.mock.callCount(), 3);
    assert.deepEqual(notify.mock.calls.map((c) => c.arguments[0]), [NotificationId.CallPlaced], 'no failure is shown');
    assert.deepEqual(waits, [500, 1000], 'each retry waits as the core says, doubling');
  });

  it('notifies "Failed to call" once the retry budget is spent (5 failures)', async () => {
    const invoke = spyInvoke(async () => {
      throw new Error('no voice device');
    });
    const notify = spyNotifications();
    assert.equal(await actions.placeCall(makeTask()), 'failed');
    assert.equal(invoke.mock.callCount(), 5);
    assert.deepEqual(waits, [500, 1000, 2000, 4000]);
    assert.ok(invocations(invoke).every(([name]) => name === 'StartOutboundCall'));
    assert.equal(notify.mock.callCount(), 1);
    assert.deepEqual(notify.mock.calls[0]!.arguments, [NotificationId.CallFailed, { customer: '+15551234567' }]);
    assert.deepEqual(selectFeatureState(manager.store.getState()).pending, {});
  });

  it('keeps the task pending while the call starts and ignores a second press', async () => {
    let release!: () => void;
    const invoke = spyInvoke(() => new Promise<void>((resolve) => (release = resolve)));
    const first = actions.placeCall(makeTask());
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(selectFeatureState(manager.store.getState()).pending, { [SID.task]: 'place-call' });
    assert.equal(await actions.placeCall(makeTask()), 'pending');
    assert.equal(await actions.retryLater(makeTask()), 'pending');
    release();
    assert.equal(await first, 'started');
    assert.equal(invoke.mock.callCount(), 1);
    assert.deepEqual(selectFeatureState(manager.store.getState()).pending, {});
  });

  it('requeues through the service, then wraps the task up', async () => {
    const invoke = spyInvoke();
    const notify = spyNotifications();
    assert.equal(await actions.retryLater(makeTask()), 'requeued');
    assert.deepEqual(requeued, [SID.task]);
    assert.deepEqual(invocations(invoke), [['WrapupTask', { sid: SID.reservation }]]);
    assert.deepEqual(notify.mock.calls.map((c) => c.arguments[0]), [NotificationId.RequeueSucceeded]);
    assert.deepEqual(selectFeatureState(manager.store.getState()).pending, {});
    assert.equal(selectFeatureState(manager.store.getState()).requeued[SID.task], true, 'the panel can say it was requeued');
  });

  it('shows the server\'s message and does not wrap up when the requeue fails', async () => {
    const invoke = spyInvoke();
    const notify = spyNotifications();
    const failing = createCallbackActions({
      flex: Flex,
      manager: manager as never,
      core,
      service: {
        requeueCallback: async () => {
          throw new CallbackServiceError('This callback has used all 3 attempts.', 409);
        },
      },
    });
    assert.equal(await failing.retryLater(makeTask()), 'failed');
    assert.equal(invoke.mock.callCount(), 0);
    assert.deepEqual(notify.mock.calls[0]!.arguments, [NotificationId.RequeueFailed, { message: 'This callback has used all 3 attempts.' }]);
    assert.deepEqual(selectFeatureState(manager.store.getState()).pending, {});
    assert.equal(selectFeatureState(manager.store.getState()).requeued[SID.task], undefined);
  });
});

describe('auto-select through the real beforeSelectTask event', () => {
  let core: Core;
  let store: TestStore;
  const feature: FeatureConfig = { enabled: true, auto_select_task: true };
  const callback = makeTask();
  const outbound = makeTask({
    sid: SID.otherReservation,
    taskSid: SID.otherTask,
    attributes: { taskType: 'callback-outbound', parentTask: SID.task },
  });
  let listener: (...args: unknown[]) => void;
  const realInvoke = Flex.Actions.invokeAction.bind(Flex.Actions);

  before(async () => {
    core = await testCore();
    store = createTestStore();
    registerState({ store } as never);
    listener = createBeforeSelectTask({ flex: Flex, manager: { store }, core, feature }) as (...args: unknown[]) => void;
    Flex.Actions.addListener('beforeSelectTask', listener);
  });
  after(() => {
    Flex.Actions.removeListener('beforeSelectTask', listener);
  });
  beforeEach(() => {
    mock.restoreAll();
    feature.auto_select_task = true;
    store.dispatch(actionStarted(SID.task, 'place-call'));
  });

  /** Flex selecting "no task", with only our redirect observed. */
  async function selectNoTask(flexState: Parameters<typeof setFlex>[0]) {
    store.dispatch(setFlex(flexState));
    const redirects: Invocation[] = [];
    const invoke = mock.method(Flex.Actions, 'invokeAction', (async (name: string, payload: Record<string, unknown>) => {
      if (payload?.sid) {
        redirects.push([name, payload]);
        return undefined;
      }
      return realInvoke(name, payload);
    }) as typeof Flex.Actions.invokeAction);
    let outcome = 'selected';
    try {
      await Flex.Actions.invokeAction('SelectTask', { sid: undefined });
    } catch (err) {
      outcome = (err as Error).message;
    }
    invoke.mock.restore();
    return { redirects, outcome };
  }

  it('selects the callback again when the outbound call ends', async () => {
    const { redirects, outcome } = await selectNoTask({
      worker: { tasks: new Map([[callback.sid, callback]]) },
      view: { selectedTaskSid: SID.otherReservation },
    });
    assert.match(outcome, /cancelled/);
    assert.deepEqual(redirects, [['SelectTask', { sid: SID.reservation }]]);
  });

  it('selects the parent of the selected outbound call', async () => {
    store.dispatch({ type: 'cbvm/ACTION_STARTED', taskSid: 'WTsomethingelse00000000000000000000', action: 'place-call' });
    const { redirects } = await selectNoTask({
      worker: { tasks: new Map([[callback.sid, callback], [outbound.sid, outbound]]) },
      view: { selectedTaskSid: SID.otherReservation },
    });
    assert.deepEqual(redirects, [['SelectTask', { sid: SID.reservation }]]);
  });

  it('leaves Flex alone when the worker no longer holds the callback', async () => {
    const { redirects, outcome } = await selectNoTask({
      worker: { tasks: new Map() },
      view: { selectedTaskSid: SID.otherReservation },
    });
    assert.deepEqual(redirects, []);
    assert.doesNotMatch(outcome, /cancelled by before event/);
  });

  it('leaves Flex alone when nothing was selected before', async () => {
    const { redirects } = await selectNoTask({ worker: { tasks: new Map([[callback.sid, callback]]) }, view: {} });
    assert.deepEqual(redirects, []);
  });

  it('leaves Flex alone when auto-select is off', async () => {
    feature.auto_select_task = false;
    const { redirects } = await selectNoTask({
      worker: { tasks: new Map([[callback.sid, callback]]) },
      view: { selectedTaskSid: SID.otherReservation },
    });
    assert.deepEqual(redirects, []);
  });

  it('never redirects a selection of a real task', () => {
    store.dispatch(setFlex({ worker: { tasks: new Map([[callback.sid, callback]]) }, view: { selectedTaskSid: SID.otherReservation } }));
    let aborted = false;
    const invoke = spyInvoke();
    listener({ sid: SID.otherReservation }, () => (aborted = true));
    assert.equal(aborted, false);
    assert.equal(invoke.mock.callCount(), 0);
  });
});
