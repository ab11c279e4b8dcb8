import React from 'react';
import { shallowEqual, useSelector } from 'react-redux';
import type * as Flex from '@twilio/flex-ui';
import type { Core, FeatureConfig, PanelButton, PanelState, PanelStateInput } from '@cbvm/core';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Heading } from '@twilio-paste/core/heading';
import { Text } from '@twilio-paste/core/text';

import { selectPendingAction, selectPlacedCall, selectRequeued, selectWorkerActivitySid } from '../../flex-hooks/states/CallbackAndVoicemail';
import { StringKey } from '../../flex-hooks/strings/keys';
import type { VoicemailMedia } from '../../services/CallbackService';
import { browserTimeZone, fillTemplate, formatInstant } from '../../utils/format';
import { CallOutcomes, type CallOutcomesProps } from './CallOutcomes';
import { VoicemailRecording } from './VoicemailRecording';

export type PanelTask = Pick<Flex.ITask, 'sid' | 'taskSid' | 'taskChannelUniqueName' | 'taskStatus' | 'attributes' | 'queueSid'> &
  Partial<Pick<Flex.ITask, 'dateCreated'>>;

/** Everything the panel needs besides the task; built once at registration. */
export interface CallbackPanelDeps {
  core: Core;
  feature: FeatureConfig;
  strings: () => Record<string, string | undefined>;
  locale: () => string;
  offlineActivitySid: () => string | undefined;
  /** Flex's outbound_call_flows; undefined when unknown. */
  outboundCallFlows?: () => PanelStateInput['outboundCallFlows'];
  /** Flex's Template: renders a string key from manager.strings (administrators' overrides included). */
  Template: React.ComponentType<Flex.TemplateProps>;
  fetchVoicemail: (taskSid: string, recordingSid: string) => Promise<VoicemailMedia>;
  /** Deletes a voicemail's recording (delete-voicemail); absent: no delete button. */
  deleteVoicemail?: (taskSid: string) => Promise<unknown>;
  /** The buttons: invoke the PlaceCallbackCall and RequeueCallback Flex actions. */
  placeCall: (task: PanelTask) => Promise<unknown>;
  retryLater: (task: PanelTask) => Promise<unknown>;
  /** Retry by outcome: records the agent's disposition (record-outcome). */
  recordOutcome?: CallOutcomesProps['recordOutcome'];
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

function Section({ heading, element, children }: { heading: React.ReactNode; element: string; children: React.ReactNode }) {
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
  const placedCall = useSelector((root: unknown) => selectPlacedCall(root, taskSid), shallowEqual);
  const requeued = useSelector((root: unknown) => selectRequeued(root, taskSid));
  if (!task) return null;

  const strings = deps.strings();
  // Plain text, for attributes; visible text goes through Flex's Template.
  const t = (key: string, values?: Record<string, string | number>) => fillTemplate(strings[key] ?? key, values);
  const { Template } = deps;
  const T = (key: string, values?: Record<string, string | number>) => <Template code={key} {...values} />;
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
      placedCall,
      requeued,
      outboundCallFlows: deps.outboundCallFlows?.(),
    });
  } catch (err) {
    console.error('Callbacks and voicemail: the panel state could not be computed.', err);
    return null;
  }

  const hintValues = { number: state.numberToCall ?? '', max: state.attempt?.of ?? '' };
  const hint = (button: PanelButton, testId: string) =>
    button.hint && (
      <Text as="p" color="colorTextWeak" fontSize="fontSize20" data-testid={testId}>
        {T(button.hint, hintValues)}
      </Text>
    );
  const attemptValues = {
    attempt: state.attempt?.number ?? '',
    max: state.attempt?.of ?? '',
    time: state.calledAt ? formatInstant(state.calledAt, state.agentTimeZone, locale) : '',
  };

  return (
    <Box element="CBVM_PANEL" padding="space50" data-testid="cbvm-panel">
      <Box element="CBVM_SUMMARY" marginBottom="space60">
        <Heading as="h4" variant="heading50">
          {T(state.headingKey)}
        </Heading>
        <Text as="p">{T(state.descriptionKey)}</Text>
      </Box>

      {!state.hasCallbackData && (
        <Box marginBottom="space50" data-testid="cbvm-no-callback-data">
          <Alert variant="warning">
            <Text as="span">{T(StringKey.MissingCallbackData)}</Text>
          </Alert>
        </Box>
      )}

      {state.recordingDeleted && (
        <Section heading={T(StringKey.RecordingHeading)} element="CBVM_RECORDING">
          <Text as="p" fontStyle="italic">
            {T(StringKey.RecordingDeleted)}
          </Text>
        </Section>
      )}
      {state.showRecording && state.recordingSid && (
        <Section heading={T(StringKey.RecordingHeading)} element="CBVM_RECORDING">
          <VoicemailRecording
            key={state.recordingSid}
            taskSid={taskSid}
            recordingSid={state.recordingSid}
            fetchVoicemail={deps.fetchVoicemail}
            deleteVoicemail={deps.deleteVoicemail}
            t={t}
            T={T}
          />
        </Section>
      )}

      {state.transcript && (
        <Section heading={T(StringKey.TranscriptHeading)} element="CBVM_TRANSCRIPT">
          <Text as="p" whiteSpace="pre-wrap">
            {state.transcript}
          </Text>
        </Section>
      )}

      {state.contactPhone && (
        <Section heading={T(StringKey.ContactPhoneHeading)} element="CBVM_CONTACT_PHONE">
          <Text as="p">{state.contactPhone}</Text>
        </Section>
      )}

      {state.receivedAt && (
        <Section heading={T(StringKey.ReceptionTimeHeading)} element="CBVM_RECEPTION_TIME">
          <Text as="p">{formatInstant(state.receivedAt, state.agentTimeZone, locale)}</Text>
          {state.showSystemTime && state.mainTimeZone && (
            <Text as="p" color="colorTextWeak" fontSize="fontSize20">
              {T(StringKey.SystemTime, { time: formatInstant(state.receivedAt, state.mainTimeZone, locale) })}
            </Text>
          )}
        </Section>
      )}

      {state.scheduledFor && (
        <Box element="CBVM_SCHEDULED_FOR" marginBottom="space50" data-testid="cbvm-scheduled-for">
          <Text as="p" fontWeight="fontWeightSemibold">
            {T(StringKey.ScheduledFor, { time: formatInstant(state.scheduledFor, state.agentTimeZone, locale) })}
          </Text>
          {state.mainTimeZone && state.mainTimeZone !== state.agentTimeZone && (
            <Text as="p" color="colorTextWeak" fontSize="fontSize20">
              {T(StringKey.SystemTime, { time: formatInstant(state.scheduledFor, state.mainTimeZone, locale) })}
            </Text>
          )}
          {state.customerTimeZone && (
            <Text as="p" color="colorTextWeak" fontSize="fontSize20" data-testid="cbvm-customer-time">
              {T(StringKey.CustomerTime, { time: formatInstant(state.scheduledFor, state.customerTimeZone, locale) })}
            </Text>
          )}
        </Box>
      )}

      {state.attemptLineKey && (
        <Box element="CBVM_ATTEMPT" marginBottom="space50" data-testid="cbvm-attempt" data-last-attempt={state.lastAttempt}>
          <Text as="p" fontWeight="fontWeightSemibold">
            {T(state.attemptLineKey, attemptValues)}
          </Text>
        </Box>
      )}

      <CallOutcomes task={task} recordOutcome={deps.recordOutcome} strings={strings} locale={locale} disabled={pendingAction !== null} />

      <Box element="CBVM_ACTIONS" display="flex" flexDirection="column" rowGap="space30">
        {state.placeCall.visible && (
          <Button variant="primary" fullWidth disabled={!state.placeCall.enabled} onClick={() => void deps.placeCall(task)}>
            {T(StringKey.PlaceCall, { number: state.numberToCall ?? '—' })}
          </Button>
        )}
        {hint(state.placeCall, 'cbvm-place-call-hint')}
        {state.retryLater.visible && (
          <Button variant="secondary" fullWidth disabled={!state.retryLater.enabled} onClick={() => void deps.retryLater(task)}>
            {T(StringKey.RetryLater)}
          </Button>
        )}
        {hint(state.retryLater, 'cbvm-retry-later-hint')}
      </Box>
    </Box>
  );
}
