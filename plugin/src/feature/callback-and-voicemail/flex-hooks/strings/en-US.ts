import type { FeatureStrings } from './keys';

const enUS: FeatureStrings = {
  CallbackChannelName: 'Callback',
  VoicemailChannelName: 'Voicemail',
  CallbackHeading: 'Callback Request',
  CallbackDescription: 'A contact has requested an immediate callback.',
  VoicemailHeading: 'Contact Voicemail',
  VoicemailDescription: 'A contact has left a voicemail that requires attention.',
  CBVMRecordingHeading: 'Voicemail recording',
  CBVMRecordingLoading: 'Loading voicemail...',
  CBVMRecordingError: 'Error loading voicemail.',
  CBVMRecordingTryAgain: 'Try again',
  CBVMRecordingDeleted: 'The recording of this voicemail has been deleted.',
  CBVMTranscriptHeading: 'Voicemail transcript',
  CBVMContactPhoneHeading: 'Contact phone',
  CBVMReceptionTimeHeading: 'Call reception time',
  CBVMSystemTime: 'System time: {{time}}',
  CBVMAttempt: 'Callback attempt {{attempt}} of {{max}}',
  CBVMPlaceCall: 'Place Call Now To {{number}}',
  CBVMRetryLater: 'Retry Later',
  CBVMMissingCallbackData: 'This task has no callback details, so there is no number to call back.',
  CBVMWorkerOffline: 'You are offline. Change your activity to place the call.',
  CBVMCallFailedNotification: 'Failed to call {{customer}}, please try again',
  CBVMOutboundDisabledNotification: 'Outbound dialing is not enabled, please notify a systems administrator',
  CBVMInvalidNumberNotification: 'The number {{number}} cannot be called: it needs its country code, like +14155550100',
  CBVMRequeueFailedNotification: 'The callback could not be scheduled for later: {{message}}',
};

export default enUS;
