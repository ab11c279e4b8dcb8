// Shared test fixtures: a Flex-like manager around a real Redux store, tasks
// shaped like the ones Flex hands to plugins, and the core loaded through the
// shim's Node loader.
import { loadCore, type Core } from '@cbvm/core';
import { combineReducers, createStore, type AnyAction, type Reducer } from 'redux';

export const SID = {
  task: 'WT0123456789abcdef0123456789abcdef',
  reservation: 'WR0123456789abcdef0123456789abcdef',
  otherTask: 'WTfedcba9876543210fedcba9876543210',
  otherReservation: 'WRfedcba9876543210fedcba9876543210',
  queue: 'WQ0123456789abcdef0123456789abcdef',
  recording: 'RE0123456789abcdef0123456789abcdef',
  available: 'WA00000000000000000000000000000001',
  offline: 'WA00000000000000000000000000000002',
} as const;

let corePromise: Promise<Core> | undefined;
export function testCore(): Promise<Core> {
  corePromise ??= loadCore();
  return corePromise;
}

export interface TestTask {
  sid: string;
  taskSid: string;
  taskChannelUniqueName: string;
  taskStatus: 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled';
  status: string;
  queueName: string;
  queueSid: string;
  attributes: Record<string, unknown>;
  dateCreated: Date;
}

export function callBackData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    numberToCall: '+15551234567',
    numberToCallFrom: '+15557654321',
    mainTimeZone: 'America/Chicago',
    utcDateTimeReceived: '2024-03-05T15:04:00Z',
    attempts: 0,
    ...overrides,
  };
}

export function makeTask(overrides: Partial<TestTask> & { attributes?: Record<string, unknown> } = {}): TestTask {
  return {
    sid: SID.reservation,
    taskSid: SID.task,
    taskChannelUniqueName: 'voice',
    taskStatus: 'assigned',
    status: 'accepted',
    queueName: 'Support',
    queueSid: SID.queue,
    dateCreated: new Date('2024-03-05T15:05:00Z'),
    attributes: { taskType: 'callback', name: '+15551234567', direction: 'inbound', callBackData: callBackData() },
    ...overrides,
  };
}

export function voicemailTask(data: Record<string, unknown> = {}, extra: Partial<TestTask> = {}): TestTask {
  return makeTask({
    attributes: {
      taskType: 'voicemail',
      name: '+15551234567',
      callBackData: callBackData({ recordingSid: SID.recording, recordingUrl: 'https://api.twilio.com/rec', ...data }),
    },
    ...extra,
  });
}

/** Flex's own slice as the plugin reads it. */
export interface FlexSlice {
  worker: { activity?: { sid: string }; tasks: Map<string, TestTask> };
  view: { selectedTaskSid?: string };
}

const SET_FLEX = 'test/SET_FLEX';
export const setFlex = (flex: Partial<FlexSlice>): AnyAction => ({ type: SET_FLEX, flex });

/** A store like Flex 2's: a `flex` slice plus `addReducer`. */
export function createTestStore(flex: Partial<FlexSlice> = {}) {
  const initial: FlexSlice = { worker: { activity: { sid: SID.available }, tasks: new Map() }, view: {}, ...flex };
  const flexReducer: Reducer<FlexSlice> = (state = initial, action) =>
    action.type === SET_FLEX ? { ...state, ...(action as AnyAction).flex } : state;
  const reducers: Record<string, Reducer> = { flex: flexReducer };
  const store = createStore(combineReducers(reducers));
  const addReducer = (name: string, reducer: Reducer) => {
    reducers[name] = reducer;
    store.replaceReducer(combineReducers(reducers));
  };
  return Object.assign(store, { addReducer });
}

export type TestStore = ReturnType<typeof createTestStore>;

export interface ManagerOptions {
  features?: Record<string, unknown> | null;
  customData?: Record<string, unknown>;
  outboundCallFlows?: Record<string, { enabled?: boolean }>;
  localeTag?: string;
  store?: TestStore;
}

/** The parts of Flex.Manager the plugin touches. */
export function createManager(options: ManagerOptions = {}) {
  const feature = options.features === null ? undefined : { enabled: true, allow_requeue: true, max_attempts: 3, auto_select_task: true, serverless_domain: 'http://localhost:3000', ...options.features };
  return {
    configuration: {
      language: options.localeTag ?? 'en-US',
      custom_data: { ...options.customData, features: feature ? { callback_and_voicemail: feature } : {} },
    },
    serviceConfiguration: {
      outbound_call_flows: options.outboundCallFlows ?? { default: { enabled: true, caller_id: '+15550000000', queue_sid: SID.queue, location: 'US', workflow_sid: 'WW0' } },
      taskrouter_offline_activity_sid: SID.offline,
    },
    store: options.store ?? createTestStore(),
    strings: { TaskHeaderLine: '{{task.defaultFrom}}' } as Record<string, string>,
    user: { token: 'flex-token-123', identity: 'agent', roles: [], tokenExpirationDate: new Date(), permissions: {} },
    localization: { localeTag: options.localeTag ?? 'en-US', availableLocales: [], setLocalePreference: async () => undefined, localeSource: 'default' },
  };
}

export type TestManager = ReturnType<typeof createManager>;
