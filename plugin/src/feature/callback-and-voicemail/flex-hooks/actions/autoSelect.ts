// When the outbound call's reservation goes away Flex selects "no task"; the
// core decides whether to go back to the callback instead.
import type * as Flex from '@twilio/flex-ui';
import type { Core, FeatureConfig } from '@cbvm/core';

import { selectFeatureState } from '../states/CallbackAndVoicemail';

interface SelectTaskPayload {
  sid?: string | null;
  task?: { sid?: string } | null;
}

interface FlexView {
  flex?: {
    view?: { selectedTaskSid?: string };
    worker?: { tasks?: Map<string, Flex.ITask> };
  };
}

export interface AutoSelectContext {
  flex: Pick<typeof Flex, 'Actions'>;
  manager: { store: { getState(): unknown } };
  core: Core;
  feature: FeatureConfig;
}

export function createBeforeSelectTask({ flex, manager, core, feature }: AutoSelectContext) {
  return function beforeSelectTask(payload: SelectTaskPayload | undefined, abort: () => void): void {
    const root = manager.store.getState() as FlexView;
    const tasks = [...(root.flex?.worker?.tasks?.values() ?? [])];
    // Flex keys tasks by reservation SID; the core works in task SIDs.
    const byEitherSid = (sid: string | undefined) => (sid ? tasks.find((t) => t.sid === sid || t.taskSid === sid) : undefined);
    const selectedSid = root.flex?.view?.selectedTaskSid;
    const selected = byEitherSid(selectedSid);
    const parentTask = (selected?.attributes as Record<string, unknown> | undefined)?.parentTask;

    const decision = core.autoSelect({
      enabled: feature.auto_select_task === true,
      requestedSid: payload?.sid || payload?.task?.sid || undefined,
      selectedSid: selected?.taskSid ?? selectedSid,
      selectedParentTask: typeof parentTask === 'string' ? parentTask : undefined,
      rememberedTaskSid: selectFeatureState(root).lastPlacedTaskSid ?? undefined,
      workerTaskSids: tasks.map((t) => t.taskSid),
    });
    const target = decision.abort ? byEitherSid(decision.selectSid ?? undefined) : undefined;
    if (!target) return;
    abort();
    void flex.Actions.invokeAction('SelectTask', { sid: target.sid });
  };
}

export function registerAutoSelect(context: AutoSelectContext): void {
  context.flex.Actions.addListener('beforeSelectTask', createBeforeSelectTask(context));
}
