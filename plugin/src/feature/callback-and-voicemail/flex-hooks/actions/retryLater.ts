// "Retry Later": the requeue-callback function creates the next attempt (the
// server enforces the attempt limit); on success this task is wrapped up.
import { NotificationId } from '../notifications';
import { actionFinished, actionStarted, requeued, selectPendingAction } from '../states/CallbackAndVoicemail';
import type { ActionContext, ActionTask } from './types';

export type RetryLaterOutcome = 'requeued' | 'pending' | 'failed';

export function createRetryLater({ flex, manager, service }: ActionContext) {
  return async function retryLater(task: ActionTask): Promise<RetryLaterOutcome> {
    const taskSid = task.taskSid;
    if (selectPendingAction(manager.store.getState(), taskSid)) return 'pending';
    manager.store.dispatch(actionStarted(taskSid, 'requeue'));
    try {
      await service.requeueCallback(taskSid);
      // Said before the wrap-up: the next attempt exists whatever happens to this task.
      manager.store.dispatch(requeued(taskSid));
      flex.Notifications.showNotification(NotificationId.RequeueSucceeded);
      await flex.Actions.invokeAction('WrapupTask', { sid: task.sid });
      return 'requeued';
    } catch (err) {
      flex.Notifications.showNotification(NotificationId.RequeueFailed, { message: (err as Error).message });
      return 'failed';
    } finally {
      manager.store.dispatch(actionFinished(taskSid));
    }
  };
}
