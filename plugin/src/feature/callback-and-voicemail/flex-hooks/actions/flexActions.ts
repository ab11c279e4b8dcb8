// The feature's Flex actions. The panel's buttons invoke them, so other plugins
// can listen before or after them (and abort), or replace them, like any Flex
// action:
//   PlaceCallbackCall  { task }  → the place-call outcome
//   RequeueCallback    { task }  → the retry-later outcome
// `task` is the Flex task (ITask) of the callback or voicemail.
import type * as Flex from '@twilio/flex-ui';

import type { PlaceCallOutcome } from './placeCall';
import type { RetryLaterOutcome } from './retryLater';
import type { ActionTask } from './types';

export const ActionName = {
  PlaceCallbackCall: 'PlaceCallbackCall',
  RequeueCallback: 'RequeueCallback',
} as const;

export interface CallbackActionPayload {
  task: ActionTask;
}

interface Handlers {
  placeCall: (task: ActionTask) => Promise<PlaceCallOutcome>;
  retryLater: (task: ActionTask) => Promise<RetryLaterOutcome>;
}

type FlexActions = Pick<typeof Flex, 'Actions'>;

function withTask<T>(name: string, handler: (task: ActionTask) => Promise<T>) {
  return async function callbackAction(payload: Partial<CallbackActionPayload> | undefined): Promise<T> {
    const task = payload?.task;
    if (!task?.taskSid) throw new Error(`${name} needs { task }: the Flex task of a callback or voicemail.`);
    return handler(task);
  };
}

/** Registers PlaceCallbackCall and RequeueCallback (a second registration replaces the first). */
export function registerCallbackActions(flex: FlexActions, handlers: Handlers): void {
  flex.Actions.registerAction(ActionName.PlaceCallbackCall, withTask(ActionName.PlaceCallbackCall, handlers.placeCall) as Flex.ActionFunction);
  flex.Actions.registerAction(ActionName.RequeueCallback, withTask(ActionName.RequeueCallback, handlers.retryLater) as Flex.ActionFunction);
}

/** What the panel's buttons do: invoke the Flex actions, so listeners and replacements apply. */
export function invokeCallbackActions(flex: FlexActions) {
  return {
    placeCall: (task: ActionTask) => flex.Actions.invokeAction(ActionName.PlaceCallbackCall, { task }),
    retryLater: (task: ActionTask) => flex.Actions.invokeAction(ActionName.RequeueCallback, { task }),
  };
}
