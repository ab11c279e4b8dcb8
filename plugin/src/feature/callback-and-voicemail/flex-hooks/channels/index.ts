// The callback and voicemail task channels. Which tasks they apply to, their
// colours, icons and titles all come from the core; this file only hands them
// to Flex, with the channel word in the agent's language.
import React from 'react';
import type * as Flex from '@twilio/flex-ui';
import type { ChannelDefinition, Core, TitleSurface } from '@cbvm/core';
import { CallOutgoingIcon } from '@twilio-paste/icons/esm/CallOutgoingIcon';
import { VoicemailIcon } from '@twilio-paste/icons/esm/VoicemailIcon';

type FlexChannels = Pick<typeof Flex, 'DefaultTaskChannels' | 'TaskChannels'>;
type Strings = () => Record<string, string | undefined>;

/** Core icon ids → Paste icons. */
const ICONS: Record<string, React.ComponentType<{ decorative: boolean }>> = {
  'outgoing-call': CallOutgoingIcon,
  voicemail: VoicemailIcon,
};

/** Where each surface's title goes in a channel's templates. */
function applyTitles(channel: Flex.TaskChannelDefinition, title: (surface: TitleSurface) => (task: Flex.ITask) => string): void {
  const templates = channel.templates ?? {};
  const supervisor = templates.Supervisor ?? { TaskOverviewCanvas: {} };
  channel.templates = {
    ...templates,
    TaskListItem: { ...templates.TaskListItem, firstLine: title('TaskListItem') },
    TaskCanvasHeader: { ...templates.TaskCanvasHeader, title: title('TaskCanvasHeader') },
    IncomingTaskCanvas: { ...templates.IncomingTaskCanvas, firstLine: title('IncomingTaskCanvas') },
    TaskCard: { ...templates.TaskCard, firstLine: title('TaskCard') },
    Supervisor: {
      ...supervisor,
      TaskOverviewCanvas: { ...supervisor.TaskOverviewCanvas, firstLine: title('SupervisorTaskOverview') },
      TaskCanvasHeader: { ...supervisor.TaskCanvasHeader, title: title('SupervisorTaskCanvasHeader') },
    },
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function createChannel(flex: FlexChannels, core: Core, definition: ChannelDefinition, strings: Strings): Flex.TaskChannelDefinition {
  const Icon = ICONS[definition.icon];
  const icon = Icon ? React.createElement(Icon, { decorative: true }) : undefined;
  const channel = flex.DefaultTaskChannels.createDefaultTaskChannel(
    definition.name,
    (task) => core.classifyTask(task ?? {}) === definition.name,
    undefined,
    undefined,
    definition.color,
  );
  // createDefaultTaskChannel merges its icon arguments into status maps, which
  // mangles a React element; an element set afterwards is used as given.
  if (icon) channel.icons = { list: icon, main: icon, active: icon };
  applyTitles(channel, (surface) => (task) =>
    core.channelTitle({
      surface,
      word: strings()[definition.stringKey] ?? definition.stringKey,
      queueName: text(task?.queueName),
      name: text((task?.attributes as Record<string, unknown> | undefined)?.name),
    }),
  );
  return channel;
}

/** Registers one channel per core definition; returns them for inspection. */
export function registerChannels(flex: FlexChannels, core: Core, strings: Strings): Flex.TaskChannelDefinition[] {
  return core.channelDefinitions().map((definition) => {
    const channel = createChannel(flex, core, definition, strings);
    // Already complete from createDefaultTaskChannel; merging it again with the
    // default channel would deep-merge the icon elements into icon names.
    flex.TaskChannels.register(channel, false);
    return channel;
  });
}
