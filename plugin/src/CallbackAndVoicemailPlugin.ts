import type * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

import { loadBundledCore } from './core/bundledCore';
import { registerCallbackAndVoicemail } from './feature/callback-and-voicemail';
import { readFeatureConfig } from './feature/callback-and-voicemail/config';

export const PLUGIN_NAME = 'CallbackAndVoicemailPlugin';

export default class CallbackAndVoicemailPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /**
   * Called by Flex once it has a manager. The core is loaded before anything is
   * registered so that every hook can decide synchronously; a disabled feature
   * does not even load it.
   */
  async init(flex: typeof Flex, manager: Flex.Manager): Promise<void> {
    const config = readFeatureConfig(manager);
    if (!config.enabled) return;
    let core;
    try {
      core = await loadBundledCore();
    } catch (err) {
      console.error('Callbacks and voicemail are unavailable: the decision core could not be loaded.', err);
      return;
    }
    registerCallbackAndVoicemail(flex, manager, core, config);
  }
}
