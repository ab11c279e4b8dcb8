import React from 'react';
import { useSelector } from 'react-redux';
import type * as Flex from '@twilio/flex-ui';
import type { Core, FeatureConfig, PanelState } from '@cbvm/core';
import { DisabledReason } from '@cbvm/core/literals';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Heading } from '@twilio-paste/core/heading';
import { Text } from '@twilio-paste/core/text';

import { selectPendingAction, selectWorkerActivitySid } from '../../flex-hooks/states/CallbackAndVoicemail';
import { StringKey } from '../../flex-hooks/strings/keys';
import type { VoicemailMedia } from '../../services/CallbackService';
import { browserTimeZone, fillTemplate, formatInstant } from '../../utils/format';
import { VoicemailPlayer } from './VoicemailPlayer';

export type PanelTask = Pick<Flex.ITask, 'sid' | 'taskSid' | 'taskChannelUniqueName' | 'taskStatus' | 'attributes' | 'queueSid'> &
  Partial<Pick<Flex.ITask, 'dateCreated'>>;

/** Everything the panel needs besides the task; built once at registration. */
export interface CallbackPanelDeps {
  core: Core;
  feature: FeatureConfig;
  strings: () => Record<string, string | undefined>;
  locale: () => string;
  offlineActivitySid: () => string | undefined;
  fetchVoicemail: (taskSid: string, recordingSid: string) => Promise<VoicemailMedia>;
  placeCall: (task: PanelTask) => Promise<unknown>;
  retryLater: (task: PanelTask) => Promise<unknown>;
  /** Defaults to the browser's zone. */
  agentTimeZone?: () => string;
}

export interface CallbackPanelProps {
  /** Given by Flex's TaskInfoPanel. */
  task?: PanelTask;
  deps: CallbackPanelDeps;
}

function isoDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function Section({ heading, element, children }: { heading: string; element: string; children: React.ReactNode }) {
  return (
    <Box element={element} marginBottom="space50">
      <Heading as="h5" variant="heading60">
        {heading}
      </Heading>
      {children}
    </Box>
  );
}

/** The task info panel of a callback or voicemail: the core's panel state, drawn with Paste. */
export function CallbackPanel({ task, deps }: CallbackPanelProps) {
  const taskSid = task?.taskSid ?? '';
  const pendingAction = useSelector((root: unknown) => selectPendingAction(root, taskSid));
  const workerActivitySid = useSelector(selectWorkerActivitySid);
  if (!task) return null;

  const strings = deps.strings();
  const t = (key: string, values?: Record<string, string | number>) => fillTemplate(strings[key] ?? key, values);
  const locale = deps.locale();

  let state: PanelState;
  try {
    state = deps.core.panelState({
      task: {
        taskChannelUniqueName: task.taskChannelUniqueName,
        taskStatus: task.taskStatus,
        attributes: task.attributes ?? {},
        dateCreated: isoDate(task.dateCreated),
      },
      workerActivitySid,
      offlineActivitySid: deps.offlineActivitySid(),
      config: deps.feature,
      actionPending: pendingAction !== null,
      agentTimeZone: deps.agentTimeZone?.() ?? browserTimeZone(),
    });
  } catch (err) {
    console.error('Callbacks and voicemail: the panel state could not be computed.', err);
    return null;
  }

  return (
    <Box element="CBVM_PANEL" padding="space50" data-testid="cbvm-panel">
      <Box element="CBVM_SUMMARY" marginBottom="space60">
        <Heading as="h4" variant="heading50">
          {t(state.headingKey)}
        </Heading>
        <Text as="p">{t(state.descriptionKey)}</Text>
      </Box>

      {!state.hasCallbackData && (
        <Box marginBottom="space50">
          <Alert variant="warning">
            <Text as="span">{t(StringKey.MissingCallbackData)}</Text>
          </Alert>
        </Box>
      )}

      {state.recordingDeleted && (
        <Section heading={t(StringKey.RecordingHeading)} element="CBVM_RECORDING">
          <Text as="p" fontStyle="italic">
            {t(StringKey.RecordingDeleted)}
          </Text>
        </Section>
      )}
      {state.showRecording && state.recordingSid && (
        <Section heading={t(StringKey.RecordingHeading)} element="CBVM_RECORDING">
          <VoicemailPlayer taskSid={taskSid} recordingSid={state.recordingSid} fetchVoicemail={deps.fetchVoicemail} t={t} />
        </Section>
      )}

      {state.transcript && (
        <Section heading={t(StringKey.TranscriptHeading)} element="CBVM_TRANSCRIPT">
          <Text as="p" whiteSpace="pre-wrap">
            {state.transcript}
          </Text>
        </Section>
      )}

      {state.contactPhone && (
        <Section heading={t(StringKey.ContactPhoneHeading)} element="CBVM_CONTACT_PHONE">
          <Text as="p">{state.contactPhone}</Text>
        </Section>
      )}

      {state.receivedAt && (
        <Section heading={t(StringKey.ReceptionTimeHeading)} element="CBVM_RECEPTION_TIME">
          <Text as="p">{formatInstant(state.receivedAt, state.agentTimeZone, locale)}</Text>
          {state.showSystemTime && state.mainTimeZone && (
            <Text as="p" color="colorTextWeak" fontSize="fontSize20">
              {t(StringKey.SystemTime, { time: formatInstant(state.receivedAt, state.mainTimeZone, locale) })}
            </Text>
          )}
        </Section>
      )}

      {state.attempt && (
        <Box element="CBVM_ATTEMPT" marginBottom="space50">
          <Text as="p" fontWeight="fontWeightSemibold">
            {t(StringKey.Attempt, { attempt: state.attempt.number, max: state.attempt.of })}
          </Text>
        </Box>
      )}

      <Box element="CBVM_ACTIONS" display="flex" flexDirection="column" rowGap="space30">
        {state.placeCall.visible && (
          <Button variant="primary" fullWidth disabled={!state.placeCall.enabled} onClick={() => void deps.placeCall(task)}>
            {t(StringKey.PlaceCall, { number: state.numberToCall ?? '—' })}
          </Button>
        )}
        {state.placeCall.disabledReason === DisabledReason.WorkerOffline && (
          <Text as="p" color="colorTextWeak" fontSize="fontSize20">
            {t(StringKey.WorkerOffline)}
          </Text>
        )}
        {state.retryLater.visible && (
          <Button variant="secondary" fullWidth disabled={!state.retryLater.enabled} onClick={() => void deps.retryLater(task)}>
            {t(StringKey.RetryLater)}
          </Button>
        )}
      </Box>
    </Box>
  );
}
