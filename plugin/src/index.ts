import { loadPlugin } from '@twilio/flex-plugin';

import CallbackAndVoicemailPlugin from './CallbackAndVoicemailPlugin';

loadPlugin(CallbackAndVoicemailPlugin);
