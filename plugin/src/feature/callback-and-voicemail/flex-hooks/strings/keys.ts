// String keys. The core names some in its answers (channel words, headings,
// descriptions): those come from the table the core is built from
// (literals/literals.json), so the two cannot drift. The plugin's own keys carry
// a CBVM prefix so they cannot collide with Flex's keys or another plugin's.
import { CoreStringKey } from '@cbvm/core/literals';

export { CoreStringKey };

export const StringKey = {
  RecordingHeading: 'CBVMRecordingHeading',
  RecordingLoading: 'CBVMRecordingLoading',
  RecordingError: 'CBVMRecordingError',
  RecordingTryAgain: 'CBVMRecordingTryAgain',
  RecordingDeleted: 'CBVMRecordingDeleted',
  DeleteRecording: 'CBVMDeleteRecording',
  DeleteRecordingConfirm: 'CBVMDeleteRecordingConfirm',
  DeleteRecordingYes: 'CBVMDeleteRecordingYes',
  DeleteRecordingCancel: 'CBVMDeleteRecordingCancel',
  /** {{message}} */
  DeleteRecordingFailed: 'CBVMDeleteRecordingFailed',
  TranscriptHeading: 'CBVMTranscriptHeading',
  ContactPhoneHeading: 'CBVMContactPhoneHeading',
  ReceptionTimeHeading: 'CBVMReceptionTimeHeading',
  /** {{time}} */
  SystemTime: 'CBVMSystemTime',
  /** {{time}}: a scheduled callback's time */
  ScheduledFor: 'CBVMScheduledFor',
  CustomerTime: 'CBVMCustomerTime',
  /** {{number}} */
  PlaceCall: 'CBVMPlaceCall',
  RetryLater: 'CBVMRetryLater',
  MissingCallbackData: 'CBVMMissingCallbackData',
  /** {{customer}} */
  CallFailedNotification: 'CBVMCallFailedNotification',
  OutboundDisabledNotification: 'CBVMOutboundDisabledNotification',
  /** {{number}} */
  InvalidNumberNotification: 'CBVMInvalidNumberNotification',
  /** {{message}} */
  RequeueFailedNotification: 'CBVMRequeueFailedNotification',
  RequeueSucceededNotification: 'CBVMRequeueSucceededNotification',
  /** {{number}} */
  CallPlacedNotification: 'CBVMCallPlacedNotification',
} as const;

type Values<T> = T[keyof T];
export type FeatureStringKey = CoreStringKey | Values<typeof StringKey>;

/** Every string this feature shows, for one locale. */
export type FeatureStrings = Record<FeatureStringKey, string>;
