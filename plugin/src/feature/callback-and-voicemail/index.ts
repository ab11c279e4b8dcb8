// Registers the callbacks-and-voicemail feature into Flex: parse → decide
// (core) → act (Flex). Nothing is registered when the feature is disabled.
import type * as Flex from '@twilio/flex-ui';
import type { Core } from '@cbvm/core';
import { paths } from '@cbvm/core/literals';

import { agentLocale, flexToken, offlineActivitySid, outboundCallFlows, readElementOverrides, type CallbackAndVoicemailConfig } from './config';
import { createCallbackActions, invokeCallbackActions, registerActionListeners, registerCallbackActions, type CallbackActions } from './flex-hooks/actions';
import { registerChannels } from './flex-hooks/channels';
import { registerTaskInfoPanel } from './flex-hooks/components/TaskInfoPanel';
import { registerNotifications } from './flex-hooks/notifications';
import { registerPasteThemeProvider } from './flex-hooks/providers/PasteThemeProvider';
import { registerState } from './flex-hooks/states/CallbackAndVoicemail';
import { registerStrings } from './flex-hooks/strings';
import { CallbackService } from './services/CallbackService';

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
    placeCall: buttons.placeCall,
    retryLater: buttons.retryLater,
  });
  return { actions, service, channels };
}
