// Registers the callbacks-and-voicemail feature into Flex: parse → decide
// (core) → act (Flex). Nothing is registered when the feature is disabled.
import type * as Flex from '@twilio/flex-ui';
import type { Core } from '@cbvm/core';
import { paths } from '@cbvm/core/literals';

import { agentLocale, flexToken, offlineActivitySid, outboundCallFlows, readElementOverrides, type CallbackAndVoicemailConfig } from './config';
import { createCallbackActions, invokeCallbackActions, registerActionListeners, registerCallbackActions, type CallbackActions } from './flex-hooks/actions';
import { createRecordOutcome, registerOutcomeDetection } from './flex-hooks/actions/recordOutcome';
import { registerChannels } from './flex-hooks/channels';
import { registerTaskInfoPanel } from './flex-hooks/components/TaskInfoPanel';
import { registerNotifications } from './flex-hooks/notifications';
import { registerPasteThemeProvider } from './flex-hooks/providers/PasteThemeProvider';
import { registerState } from './flex-hooks/states/CallbackAndVoicemail';
import { registerStrings } from './flex-hooks/strings';
import { CallbackService } from './services/CallbackService';
import { registerCallbacksView } from './callbacks-view';

export interface RegisteredFeature {
  actions: CallbackActions;
  service: CallbackService;
  channels: Flex.TaskChannelDefinition[];
}

export function registerCallbackAndVoicemail(
  flex: typeof Flex,
  manager: Flex.Manager,
  core: Core,
  config: CallbackAndVoicemailConfig,
): RegisteredFeature | null {
  if (!config.enabled) return null;

  registerStrings(manager);
  registerState(manager);
  registerNotifications(flex);

  const service = new CallbackService({
    baseUrl: config.serverlessBaseUrl,
    token: () => flexToken(manager),
    paths,
  });
  const actions = createCallbackActions({ flex, manager, core, service, feature: config.feature });
  registerCallbackActions(flex, actions);
  registerActionListeners({ flex, manager, core, feature: config.feature });
  const buttons = invokeCallbackActions(flex);
  const recordOutcome = createRecordOutcome({ flex, manager, core, service, feature: config.feature });
  // Flex's outbound reservation, canceled with a reason code, tells how a call back ended.
  registerOutcomeDetection(
    (manager as unknown as { workerClient?: Parameters<typeof registerOutcomeDetection>[0] }).workerClient,
    (taskSid) => [...(manager.store.getState().flex.worker.tasks.values() as Iterable<Flex.ITask>)].find((t) => t.taskSid === taskSid),
    recordOutcome,
  );

  const strings = () => manager.strings as unknown as Record<string, string | undefined>;
  const channels = registerChannels(flex, core, strings);
  registerPasteThemeProvider(flex, readElementOverrides(manager));
  registerTaskInfoPanel(flex, {
    core,
    feature: config.feature,
    strings,
    locale: () => agentLocale(manager),
    offlineActivitySid: () => offlineActivitySid(manager),
    outboundCallFlows: () => outboundCallFlows(manager),
    Template: flex.Template,
    fetchVoicemail: (taskSid, recordingSid) => service.fetchVoicemail(taskSid, recordingSid),
    deleteVoicemail: (taskSid) => service.deleteVoicemail(taskSid),
    placeCall: buttons.placeCall,
    retryLater: buttons.retryLater,
    recordOutcome: (task, signal) => recordOutcome(task, signal),
  });
  registerCallbacksView(flex, manager, { serverlessBaseUrl: config.serverlessBaseUrl });
  return { actions, service, channels };
}
