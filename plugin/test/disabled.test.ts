// A disabled feature registers nothing into the real Flex UI.
import './support/dom';

import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import * as Flex from '@twilio/flex-ui';

import { registerCallbackAndVoicemail } from '../src/feature/callback-and-voicemail';
import { readFeatureConfig } from '../src/feature/callback-and-voicemail/config';
import { createManager, testCore } from './support/harness';

describe('disabled feature', () => {
  for (const [label, features] of [
    ['enabled: false', { enabled: false }],
    ['no feature block', null],
  ] as const) {
    it(`registers nothing with ${label}`, async () => {
      const core = await testCore();
      const manager = createManager({ features });
      const addReducer = mock.method(manager.store, 'addReducer');
      const register = mock.method(Flex.TaskChannels, 'register');
      const addListener = mock.method(Flex.Actions, 'addListener');
      const notification = mock.method(Flex.Notifications, 'registerNotification');
      const replace = mock.method(Flex.TaskInfoPanel.Content, 'replace');
      const channelsBefore = Flex.TaskChannels.getRegistered().length;
      const stringsBefore = { ...manager.strings };

      const config = readFeatureConfig(manager as unknown as Flex.Manager);
      assert.equal(config.enabled, false);
      assert.equal(registerCallbackAndVoicemail(Flex, manager as unknown as Flex.Manager, core, config), null);

      for (const spy of [addReducer, register, addListener, notification, replace]) assert.equal(spy.mock.callCount(), 0);
      assert.equal(Flex.TaskChannels.getRegistered().length, channelsBefore);
      assert.deepEqual(manager.strings, stringsBefore);
      mock.restoreAll();
    });
  }
});
