import React, { useState } from 'react';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { HelpText } from '@twilio-paste/core/help-text';
import { Text } from '@twilio-paste/core/text';

import type { VoicemailMedia } from '../../services/CallbackService';
import { StringKey } from '../../flex-hooks/strings/keys';
import { VoicemailPlayer } from './VoicemailPlayer';

export interface VoicemailRecordingProps {
  taskSid: string;
  recordingSid: string;
  fetchVoicemail: (taskSid: string, recordingSid: string) => Promise<VoicemailMedia>;
  /** Deletes the recording through delete-voicemail; absent: no delete button. */
  deleteVoicemail?: (taskSid: string) => Promise<unknown>;
  t: (key: string, values?: Record<string, string | number>) => string;
  T: (key: string, values?: Record<string, string | number>) => React.ReactNode;
}

type Deletion = { step: 'idle' } | { step: 'confirming' } | { step: 'deleting' } | { step: 'deleted' } | { step: 'failed'; message: string };

/**
 * The recording with a delete button that asks for confirmation. Once the
 * function answers, the player gives way to "recording deleted" at once;
 * the task's attributes (isDeleted) follow when TaskRouter's update reaches Flex.
 */
export function VoicemailRecording({ taskSid, recordingSid, fetchVoicemail, deleteVoicemail, t, T }: VoicemailRecordingProps) {
  const [deletion, setDeletion] = useState<Deletion>({ step: 'idle' });

  if (deletion.step === 'deleted') {
    return (
      <Text as="p" fontStyle="italic" data-testid="cbvm-recording-deleted">
        {T(StringKey.RecordingDeleted)}
      </Text>
    );
  }

  const remove = async () => {
    if (!deleteVoicemail) return;
    setDeletion({ step: 'deleting' });
    try {
      await deleteVoicemail(taskSid);
      setDeletion({ step: 'deleted' });
    } catch (err) {
      setDeletion({ step: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <>
      <VoicemailPlayer taskSid={taskSid} recordingSid={recordingSid} fetchVoicemail={fetchVoicemail} t={t} T={T} />
      {deleteVoicemail && (
        <Box element="CBVM_RECORDING_DELETE" marginTop="space30" data-testid="cbvm-recording-delete">
          {deletion.step === 'confirming' || deletion.step === 'deleting' ? (
            <Box display="flex" flexDirection="column" rowGap="space20">
              <Text as="p">{T(StringKey.DeleteRecordingConfirm)}</Text>
              <Box display="flex" columnGap="space30">
                <Button variant="destructive" size="small" loading={deletion.step === 'deleting'} onClick={() => void remove()}>
                  {T(StringKey.DeleteRecordingYes)}
                </Button>
                <Button variant="secondary" size="small" disabled={deletion.step === 'deleting'} onClick={() => setDeletion({ step: 'idle' })}>
                  {T(StringKey.DeleteRecordingCancel)}
                </Button>
              </Box>
            </Box>
          ) : (
            <Button variant="destructive_secondary" size="small" onClick={() => setDeletion({ step: 'confirming' })}>
              {T(StringKey.DeleteRecording)}
            </Button>
          )}
          {deletion.step === 'failed' && (
            <HelpText variant="error">{T(StringKey.DeleteRecordingFailed, { message: deletion.message })}</HelpText>
          )}
        </Box>
      )}
    </>
  );
}
