// The real Flex UI module, exposed as Flex exposes itself to plugins.
window.Twilio = window.Twilio || {};
window.Twilio.Flex = require('@twilio/flex-ui');
