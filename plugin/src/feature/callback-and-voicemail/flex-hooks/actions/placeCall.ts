// "Place Call Now": the core plans the outbound call (destination, caller ID,
// queue, attributes) and the retry budget; this hook performs it with Flex's
// StartOutboundCall and reports the outcome.
import type { CoreError, OutboundCallRequest } from '@cbvm/core';

import { outboundCallFlows } from '../../config';
import { NotificationId } from '../notifications';
import { actionFinished, actionStarted, callPlaced, selectPendingAction } from '../states/CallbackAndVoicemail';
import type { ActionContext, ActionTask } from './types';

export type PlaceCallOutcome = 'started' | 'pending' | 'outbound-disabled' | 'refused' | 'failed';

function startOutboundCallPayload(plan: OutboundCallRequest): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    destination: plan.destination,
    queueSid: plan.queueSid ?? undefined,
    taskAttributes: plan.taskAttributes,
  };
  if (plan.callerId) payload.callerId = plan.callerId;
  return payload;
}

function numberToCall(attributes: unknown): string | undefined {
  const data = (attributes as { callBackData?: { numberToCall?: unknown } } | undefined)?.callBackData;
  return typeof data?.numberToCall === 'string' && data.numberToCall.trim() !== '' ? data.numberToCall : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPlaceCall({ flex, manager, core, feature, wait = sleep }: ActionContext) {
  return async function placeCall(task: ActionTask): Promise<PlaceCallOutcome> {
    const taskSid = task.taskSid;
    if (selectPendingAction(manager.store.getState(), taskSid)) return 'pending';

    let plan: OutboundCallRequest;
    try {
      plan = core.planOutboundCall({
        task: { sid: taskSid, queueSid: task.queueSid, attributes: task.attributes ?? {} },
        outboundCallFlows: outboundCallFlows(manager),
        // The panel's region too, so a number it offers to dial is dialled the same way.
        defaultRegion: feature?.default_region,
      });
    } catch (err) {
      const code = (err as CoreError).code;
      if (code === 'OUTBOUND_DISABLED') {
        flex.Notifications.showNotification(NotificationId.OutboundDisabled);
        return 'outbound-disabled';
      }
      console.warn('Callbacks and voicemail: the call cannot be placed.', err);
      const number = numberToCall(task.attributes);
      // A task with no number at all has its button disabled; one with a number
      // the core cannot dial tells the agent which number is wrong.
      if (code === 'NO_NUMBER_TO_CALL' && number) flex.Notifications.showNotification(NotificationId.InvalidNumber, { number });
      return 'refused';
    }

    // Remembered before the call starts: the outbound reservation may come and
    // go before StartOutboundCall resolves, and auto-select needs the parent.
    manager.store.dispatch(actionStarted(taskSid, 'place-call'));
    const payload = startOutboundCallPayload(plan);
    try {
      for (let failures = 0; ; ) {
        try {
          await flex.Actions.invokeAction('StartOutboundCall', payload);
          manager.store.dispatch(callPlaced(taskSid));
          flex.Notifications.showNotification(NotificationId.CallPlaced, { number: plan.destination });
          return 'started';
        } catch (err) {
          failures += 1;
          const next = core.retryOutboundCall(failures);
          if (next.retry) {
            if (next.delayMs > 0) await wait(next.delayMs);
            continue;
          }
          console.warn(`Callbacks and voicemail: StartOutboundCall failed ${failures} times.`, err);
          if (next.notify) flex.Notifications.showNotification(NotificationId.CallFailed, { customer: plan.destination });
          return 'failed';
        }
      }
    } finally {
      manager.store.dispatch(actionFinished(taskSid));
    }
  };
}
