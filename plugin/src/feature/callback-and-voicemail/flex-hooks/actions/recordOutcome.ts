// Retry by outcome, in the agent's desktop: the outcome of a call back goes to
// record-outcome (which records it and, for a retried outcome, requeues the
// callback after the policy's wait); a retried callback is then wrapped up as
// Retry Later does. Two sources: the agent's one-click disposition, and Flex
// cancelling the outbound call's reservation with a reason code (45303 busy,
// 45305 no answer; twilio-taskrouter's Reservation.canceledReasonCode).
import type { CallbackOutcomeSignal, CallbackService, OutcomeResult } from '../../services/CallbackService';
import { NotificationId } from '../notifications';
import { actionFinished, actionStarted, requeued, selectPendingAction } from '../states/CallbackAndVoicemail';
import type { ActionContext, ActionTask } from './types';

export type RecordOutcomeContext = Omit<ActionContext, 'service'> & { service: Pick<CallbackService, 'recordOutcome'> };

export function createRecordOutcome({ flex, manager, service }: RecordOutcomeContext) {
  return async function recordOutcome(task: Pick<ActionTask, 'sid' | 'taskSid'>, signal: CallbackOutcomeSignal): Promise<OutcomeResult | null> {
    const taskSid = task.taskSid;
    // Flex may cancel the outbound reservation while Place Call is still
    // pending; only a requeue already under way makes this one wait its turn.
    const pending = selectPendingAction(manager.store.getState(), taskSid);
    if (pending === 'requeue') return null;
    if (!pending) manager.store.dispatch(actionStarted(taskSid, 'requeue'));
    try {
      const result = await service.recordOutcome(taskSid, signal);
      if (result.next === 'retry') {
        manager.store.dispatch(requeued(taskSid));
        flex.Notifications.showNotification(NotificationId.RequeueSucceeded);
        await flex.Actions.invokeAction('WrapupTask', { sid: task.sid });
      }
      return result;
    } catch (err) {
      flex.Notifications.showNotification(NotificationId.RequeueFailed, { message: (err as Error).message });
      return null;
    } finally {
      if (!pending) manager.store.dispatch(actionFinished(taskSid));
    }
  };
}

/** What the detection reads of a canceled reservation (twilio-taskrouter's Reservation). */
export interface CanceledReservation {
  canceledReasonCode?: number;
  task?: { attributes?: { taskType?: unknown; parentTask?: unknown } };
}

interface ReservationEmitter extends CanceledReservation {
  on(event: 'canceled', listener: (reservation: CanceledReservation) => void): unknown;
}

interface WorkerClientLike {
  on?(event: 'reservationCreated', listener: (reservation: ReservationEmitter) => void): unknown;
}

/**
 * Listens for Flex cancelling a call back's outbound reservation with a reason
 * code, and records that outcome on the parent callback, which the worker
 * still holds (found by task SID among the worker's tasks).
 */
export function registerOutcomeDetection(
  workerClient: WorkerClientLike | undefined,
  findTask: (taskSid: string) => Pick<ActionTask, 'sid' | 'taskSid'> | undefined,
  recordOutcome: ReturnType<typeof createRecordOutcome>,
): boolean {
  if (!workerClient || typeof workerClient.on !== 'function') return false;
  workerClient.on('reservationCreated', (reservation) => {
    const attributes = reservation.task?.attributes;
    if (attributes?.taskType !== 'callback-outbound' || typeof attributes.parentTask !== 'string') return;
    const parentSid = attributes.parentTask;
    reservation.on('canceled', (canceled) => {
      const code = canceled?.canceledReasonCode ?? reservation.canceledReasonCode;
      if (typeof code !== 'number') return;
      const parent = findTask(parentSid);
      if (parent) void recordOutcome(parent, { canceledReasonCode: code });
    });
  });
  return true;
}
