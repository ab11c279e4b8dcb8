// Per-task pending actions, kept in Flex's Redux store so that every view of a
// task (and every re-render) agrees on whether a place-call or requeue is in
// flight. The last task a call was placed for is remembered for auto-select.
import type * as Flex from '@twilio/flex-ui';
import type { AnyAction } from 'redux';

export const STATE_KEY = 'callbackAndVoicemail';

export type PendingAction = 'place-call' | 'requeue';

export interface CallbackAndVoicemailState {
  /** Task SID (WT…) → the action in flight for it. */
  pending: Readonly<Record<string, PendingAction>>;
  /** Task SID of the last callback an outbound call was started for. */
  lastPlacedTaskSid: string | null;
}

const ACTION_STARTED = 'cbvm/ACTION_STARTED';
const ACTION_FINISHED = 'cbvm/ACTION_FINISHED';

export const initialState: CallbackAndVoicemailState = { pending: {}, lastPlacedTaskSid: null };

export function actionStarted(taskSid: string, action: PendingAction): AnyAction {
  return { type: ACTION_STARTED, taskSid, action };
}

export function actionFinished(taskSid: string): AnyAction {
  return { type: ACTION_FINISHED, taskSid };
}

export function reducer(state: CallbackAndVoicemailState = initialState, action: AnyAction): CallbackAndVoicemailState {
  switch (action.type) {
    case ACTION_STARTED:
      return {
        pending: { ...state.pending, [action.taskSid]: action.action },
        lastPlacedTaskSid: action.action === 'place-call' ? action.taskSid : state.lastPlacedTaskSid,
      };
    case ACTION_FINISHED: {
      if (!(action.taskSid in state.pending)) return state;
      const pending = { ...state.pending };
      delete pending[action.taskSid];
      return { ...state, pending };
    }
    default:
      return state;
  }
}

/** This feature's slice of the root state (the initial state if it was never added). */
export function selectFeatureState(root: unknown): CallbackAndVoicemailState {
  const slice = (root as Record<string, unknown> | undefined)?.[STATE_KEY] as CallbackAndVoicemailState | undefined;
  return slice ?? initialState;
}

export function selectPendingAction(root: unknown, taskSid: string): PendingAction | null {
  return selectFeatureState(root).pending[taskSid] ?? null;
}

/** The worker's current TaskRouter activity SID from Flex's own state. */
export function selectWorkerActivitySid(root: unknown): string | undefined {
  const sid = (root as { flex?: { worker?: { activity?: { sid?: unknown } } } } | undefined)?.flex?.worker?.activity?.sid;
  return typeof sid === 'string' ? sid : undefined;
}

/** Adds the reducer to Flex's store (Flex 2 stores carry `addReducer`). */
export function registerState(manager: Pick<Flex.Manager, 'store'>): void {
  if (typeof manager.store?.addReducer !== 'function') {
    console.warn('Callbacks and voicemail: the Flex store cannot take reducers, so pending actions will not be shown.');
    return;
  }
  manager.store.addReducer(STATE_KEY, reducer);
}
