import React, { useEffect, useState } from 'react';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Spinner } from '@twilio-paste/core/spinner';
import { Text } from '@twilio-paste/core/text';

import type { VoicemailMedia } from '../../services/CallbackService';
import { StringKey } from '../../flex-hooks/strings/keys';

export interface VoicemailPlayerProps {
  taskSid: string;
  recordingSid: string;
  fetchVoicemail: (taskSid: string, recordingSid: string) => Promise<VoicemailMedia>;
  /** A string as plain text (for attributes). */
  t: (key: string) => string;
  /** A string rendered through Flex's Template, so administrators' overrides apply. */
  T: (key: string) => React.ReactNode;
}

type Media = { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error' };

function toBlob(media: VoicemailMedia): Blob {
  const bytes = Uint8Array.from(atob(media.recording), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: media.type || 'audio/mpeg' });
}

/** The recording, fetched through the functions (media needs the account's credentials). */
export function VoicemailPlayer({ taskSid, recordingSid, fetchVoicemail, t, T }: VoicemailPlayerProps) {
  const [attempt, setAttempt] = useState(0);
  const [media, setMedia] = useState<Media>({ status: 'loading' });

  useEffect(() => {
    let active = true;
    let url: string | null = null;
    setMedia({ status: 'loading' });
    (async () => {
      try {
        const fetched = await fetchVoicemail(taskSid, recordingSid);
        url = URL.createObjectURL(toBlob(fetched));
        if (active) setMedia({ status: 'ready', url });
        else URL.revokeObjectURL(url);
      } catch (err) {
        console.warn('Callbacks and voicemail: the recording could not be loaded.', err);
        if (active) setMedia({ status: 'error' });
      }
    })();
    return () => {
      active = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [taskSid, recordingSid, fetchVoicemail, attempt]);

  if (media.status === 'loading') {
    return (
      <Box element="CBVM_RECORDING_LOADING" display="flex" alignItems="center" columnGap="space30">
        <Spinner decorative title={t(StringKey.RecordingLoading)} />
        <Text as="span">{T(StringKey.RecordingLoading)}</Text>
      </Box>
    );
  }
  if (media.status === 'error') {
    return (
      <Alert variant="error">
        <Box display="flex" alignItems="center" columnGap="space30" flexWrap="wrap">
          <Text as="span">{T(StringKey.RecordingError)}</Text>
          <Button variant="link" onClick={() => setAttempt((n) => n + 1)}>
            {T(StringKey.RecordingTryAgain)}
          </Button>
        </Box>
      </Alert>
    );
  }
  return (
    <Box element="CBVM_RECORDING_PLAYER" width="100%">
      <audio controls src={media.url} aria-label={t(StringKey.RecordingHeading)} style={{ width: '100%' }} />
    </Box>
  );
}
