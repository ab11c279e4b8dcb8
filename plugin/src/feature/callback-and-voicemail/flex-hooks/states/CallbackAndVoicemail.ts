// Per-task agent state, kept in Flex's Redux store so that every view of a
// task (and every re-render) agrees on it: whether a place-call or requeue is
// in flight, when a call was placed for it, whether it was requeued. The last
// task a call was placed for is remembered for auto-select.
import type * as Flex from '@twilio/flex-ui';
import type { AnyAction } from 'redux';

export const STATE_KEY = 'callbackAndVoicemail';

export type PendingAction = 'place-call' | 'requeue';

export interface CallbackAndVoicemailState {
  /** Task SID (WT…) → the action in flight for it. */
  pending: Readonly<Record<string, PendingAction>>;
  /** Task SID of the last callback an outbound call was started for. */
  lastPlacedTaskSid: string | null;
  /** Task SID → ISO instant an outbound call was started for it. */
  placedAt: Readonly<Record<string, string>>;
  /** Task SIDs whose Retry Later succeeded. */
  requeued: Readonly<Record<string, true>>;
}

const ACTION_STARTED = 'cbvm/ACTION_STARTED';
const ACTION_FINISHED = 'cbvm/ACTION_FINISHED';
const CALL_PLACED = 'cbvm/CALL_PLACED';
const REQUEUED = 'cbvm/REQUEUED';

export const initialState: CallbackAndVoicemailState = { pending: {}, lastPlacedTaskSid: null, placedAt: {}, requeued: {} };

export function actionStarted(taskSid: string, action: PendingAction): AnyAction {
  return { type: ACTION_STARTED, taskSid, action };
}

export function actionFinished(taskSid: string): AnyAction {
  return { type: ACTION_FINISHED, taskSid };
}

/** StartOutboundCall succeeded for this callback task. */
export function callPlaced(taskSid: string, at: Date = new Date()): AnyAction {
  return { type: CALL_PLACED, taskSid, at: at.toISOString() };
}

/** requeue-callback succeeded for this task. */
export function requeued(taskSid: string): AnyAction {
  return { type: REQUEUED, taskSid };
}

export function reducer(state: CallbackAndVoicemailState = initialState, action: AnyAction): CallbackAndVoicemailState {
  switch (action.type) {
    case ACTION_STARTED:
      return {
        ...state,
        pending: { ...state.pending, [action.taskSid]: action.action },
        lastPlacedTaskSid: action.action === 'place-call' ? action.taskSid : state.lastPlacedTaskSid,
      };
    case ACTION_FINISHED: {
      if (!(action.taskSid in state.pending)) return state;
      const pending = { ...state.pending };
      delete pending[action.taskSid];
      return { ...state, pending };
    }
    case CALL_PLACED:
      return { ...state, placedAt: { ...state.placedAt, [action.taskSid]: action.at } };
    case REQUEUED:
      return { ...state, requeued: { ...state.requeued, [action.taskSid]: true } };
    default:
      return state;
  }
}

/** This feature's slice of the root state (the initial state if it was never added). */
export function selectFeatureState(root: unknown): CallbackAndVoicemailState {
  const slice = (root as Record<string, unknown> | undefined)?.[STATE_KEY] as Partial<CallbackAndVoicemailState> | undefined;
  return slice ? { ...initialState, ...slice } : initialState;
}

export function selectRequeued(root: unknown, taskSid: string): boolean {
  return selectFeatureState(root).requeued[taskSid] === true;
}

interface HeldTask {
  taskSid?: string;
  taskStatus?: string;
  attributes?: { parentTask?: unknown } | null;
}

/**
 * The call placed from a callback task, as Flex shows it: in progress while
 * the worker holds its outbound task (attributes.parentTask) and that task is
 * not wrapping up; ended once a call was placed and no such task is live.
 * A new object each time: compare with shallowEqual in useSelector.
 */
export function selectPlacedCall(root: unknown, taskSid: string): { status: 'in-progress' | 'ended'; at: string } | null {
  if (!taskSid) return null;
  const tasks = (root as { flex?: { worker?: { tasks?: Map<string, HeldTask> } } } | undefined)?.flex?.worker?.tasks;
  let live = false;
  for (const t of tasks?.values() ?? []) {
    if (t?.attributes?.parentTask === taskSid && (t.taskStatus === 'reserved' || t.taskStatus === 'assigned')) live = true;
  }
  const at = selectFeatureState(root).placedAt[taskSid];
  if (live) return { status: 'in-progress', at: at ?? '' };
  return at ? { status: 'ended', at } : null;
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
