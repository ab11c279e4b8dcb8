import type * as Flex from '@twilio/flex-ui';
import type { Core, FeatureConfig } from '@cbvm/core';
import type { AnyAction } from 'redux';

import type { CallbackService } from '../../services/CallbackService';

/** What the action hooks use: Flex's actions and notifications, the core, the store. */
export interface ActionContext {
  flex: Pick<typeof Flex, 'Actions' | 'Notifications'>;
  manager: Pick<Flex.Manager, 'serviceConfiguration'> & {
    store: { getState(): unknown; dispatch(action: AnyAction): unknown };
  };
  core: Core;
  /** The feature's configuration; its default_region is how the number to call is read. */
  feature?: FeatureConfig;
  service: Pick<CallbackService, 'requeueCallback'>;
  /** Waits before a retry; tests pass one that returns at once. */
  wait?: (ms: number) => Promise<void>;
}

/** The part of a Flex task the actions read. */
export type ActionTask = Pick<Flex.ITask, 'sid' | 'taskSid' | 'queueSid' | 'attributes'>;
