import { registerAutoSelect, type AutoSelectContext } from './autoSelect';
import { createPlaceCall } from './placeCall';
import { createRetryLater } from './retryLater';
import type { ActionContext } from './types';

export type { PlaceCallOutcome } from './placeCall';
export type { RetryLaterOutcome } from './retryLater';
export type { ActionContext, ActionTask } from './types';
export { createBeforeSelectTask } from './autoSelect';
export { ActionName, invokeCallbackActions, registerCallbackActions, type CallbackActionPayload } from './flexActions';

export function createCallbackActions(context: ActionContext) {
  return { placeCall: createPlaceCall(context), retryLater: createRetryLater(context) };
}

export type CallbackActions = ReturnType<typeof createCallbackActions>;

export function registerActionListeners(context: AutoSelectContext): void {
  registerAutoSelect(context);
}
