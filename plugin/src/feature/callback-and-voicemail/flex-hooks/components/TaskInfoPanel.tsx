// Replaces the task info panel of callback and voicemail tasks with the
// feature's panel. Its Paste theme comes from the provider given to Flex in
// flex-hooks/providers.
import React from 'react';
import type * as Flex from '@twilio/flex-ui';
import type { Core } from '@cbvm/core';
import { TaskKind } from '@cbvm/core/literals';

import { CallbackPanel, type CallbackPanelDeps } from '../../custom-components/CallbackPanel';

type FlexComponents = Pick<typeof Flex, 'TaskInfoPanel'>;

export const PANEL_KEY = 'cbvm-callback-panel';

/** Whether Flex should show the feature's panel for these TaskInfoPanel props. */
export function panelApplies(core: Core, props: { task?: Flex.ITask } | undefined): boolean {
  const kind = props?.task ? core.classifyTask(props.task) : TaskKind.Other;
  return kind === TaskKind.Callback || kind === TaskKind.Voicemail;
}

export function registerTaskInfoPanel(flex: FlexComponents, deps: CallbackPanelDeps): void {
  flex.TaskInfoPanel.Content.replace(<CallbackPanel key={PANEL_KEY} deps={deps} />, {
    if: (props: { task?: Flex.ITask }) => panelApplies(deps.core, props),
  });
}
