// Registers the callbacks-and-voicemail feature into Flex: parse → decide
// (core) → act (Flex). Nothing is registered when the feature is disabled.
import type * as Flex from '@twilio/flex-ui';
import type { Core } from '@cbvm/core';
import { paths } from '@cbvm/core/literals';

import { agentLocale, flexToken, offlineActivitySid, type CallbackAndVoicemailConfig } from './config';
import { createCallbackActions, registerActionListeners, type CallbackActions } from './flex-hooks/actions';
import { registerChannels } from './flex-hooks/channels';
import { registerTaskInfoPanel } from './flex-hooks/components/TaskInfoPanel';
import { registerNotifications } from './flex-hooks/notifications';
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
  registerActionListeners({ flex, manager, core, feature: config.feature });

  const strings = () => manager.strings as unknown as Record<string, string | undefined>;
  const channels = registerChannels(flex, core, strings);
  registerTaskInfoPanel(flex, {
    core,
    feature: config.feature,
    strings,
    locale: () => agentLocale(manager),
    offlineActivitySid: () => offlineActivitySid(manager),
    fetchVoicemail: (taskSid, recordingSid) => service.fetchVoicemail(taskSid, recordingSid),
    placeCall: actions.placeCall,
    retryLater: actions.retryLater,
  });
  return { actions, service, channels };
}
