// Renders the callback panel the way Flex would: inside a Redux provider and
// a Paste theme provider, with the task as a prop.
import './dom';

import React from 'react';
import * as Flex from '@twilio/flex-ui';
import { Provider } from 'react-redux';
import { render } from '@testing-library/react';
import { CustomizationProvider } from '@twilio-paste/core/customization';
import type { Core } from '@cbvm/core';

import { CallbackPanel, type CallbackPanelDeps, type PanelTask } from '../../src/feature/callback-and-voicemail/custom-components/CallbackPanel';
import { registerState } from '../../src/feature/callback-and-voicemail/flex-hooks/states/CallbackAndVoicemail';
import { stringsForLocale } from '../../src/feature/callback-and-voicemail/flex-hooks/strings';
import type { VoicemailMedia } from '../../src/feature/callback-and-voicemail/services/CallbackService';
import { createTestStore, SID, type TestStore, type TestTask } from './harness';
import { useFlexStrings } from './templates';

export interface PanelOptions {
  locale?: string;
  feature?: CallbackPanelDeps['feature'];
  outboundCallFlows?: Record<string, { enabled?: boolean }>;
  /** Strings over the locale's, as an administrator's overrides. */
  overrides?: Record<string, string>;
  store?: TestStore;
  fetchVoicemail?: CallbackPanelDeps['fetchVoicemail'];
  deleteVoicemail?: CallbackPanelDeps['deleteVoicemail'];
  agentTimeZone?: string;
  /** The Paste provider around the panel; a light CustomizationProvider by default. */
  wrapper?: React.ComponentType<{ children: React.ReactNode }>;
}

function LightTheme({ children }: { children: React.ReactNode }) {
  return <CustomizationProvider baseTheme="default">{children}</CustomizationProvider>;
}

export function renderPanel(core: Core, task: TestTask | undefined, options: PanelOptions = {}) {
  const store = options.store ?? createTestStore();
  registerState({ store } as never);
  const placed: PanelTask[] = [];
  const requeued: PanelTask[] = [];
  const locale = options.locale ?? 'en-US';
  const strings = { ...stringsForLocale(locale), ...options.overrides };
  useFlexStrings(strings);
  const deps: CallbackPanelDeps = {
    core,
    feature: options.feature ?? { enabled: true, allow_requeue: true, max_attempts: 3 },
    strings: () => strings,
    Template: Flex.Template,
    outboundCallFlows: options.outboundCallFlows ? () => options.outboundCallFlows : undefined,
    locale: () => locale,
    offlineActivitySid: () => SID.offline,
    fetchVoicemail: options.fetchVoicemail ?? (() => new Promise<VoicemailMedia>(() => undefined)),
    deleteVoicemail: options.deleteVoicemail,
    placeCall: async (t) => void placed.push(t),
    retryLater: async (t) => void requeued.push(t),
    agentTimeZone: () => options.agentTimeZone ?? 'America/New_York',
  };
  const Theme = options.wrapper ?? LightTheme;
  const ui = (t: TestTask | undefined) => (
    <Provider store={store}>
      <Theme>
        <CallbackPanel task={t as PanelTask | undefined} deps={deps} />
      </Theme>
    </Provider>
  );
  const result = render(ui(task));
  return { ...result, store, placed, requeued, rerenderTask: (t: TestTask) => result.rerender(ui(t)) };
}
