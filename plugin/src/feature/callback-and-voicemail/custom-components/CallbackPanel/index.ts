export { CallbackPanel } from './CallbackPanel';
export type { CallbackPanelDeps, CallbackPanelProps, PanelTask } from './CallbackPanel';
export { VoicemailPlayer } from './VoicemailPlayer';
export { VoicemailRecording } from './VoicemailRecording';
