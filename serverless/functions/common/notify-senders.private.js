'use strict';
// The two ways a voicemail notification leaves: email through SendGrid's v3
// mail send API (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send:
// POST /v3/mail/send, Bearer API key, 202 Accepted with no body) and SMS
// through Twilio Messages (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
// Kept behind this one module so either can be swapped.

const { budgetSignal } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);

class NotifyFailed extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'NotifyFailed';
    this.status = status;
  }
}

async function sendEmail({ context }, settings, { to, subject, text }) {
  if (!settings.sendgridApiKey) throw new NotifyFailed('SENDGRID_API_KEY is not set, so the voicemail cannot be notified by email.', 500);
  if (!settings.emailFrom) throw new NotifyFailed('VOICEMAIL_NOTIFY_FROM is not set: it must be the sender address of voicemail emails.', 500);
  const response = await fetch(`${settings.sendgridBaseUrl}/v3/mail/send`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${settings.sendgridApiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      personalizations: [{ to: [{ email: to }] }],
      from: { email: settings.emailFrom },
      subject,
      content: [{ type: 'text/plain', value: text }],
    }),
    signal: budgetSignal(context),
  });
  if (response.status !== 202 && response.status !== 200) {
    const detail = await response.text().catch(() => '');
    throw new NotifyFailed(`SendGrid answered HTTP ${response.status}${detail ? `: ${detail.slice(0, 200)}` : ''}`, 502);
  }
}

async function sendSms({ core, context, client }, settings, { to, text }) {
  if (!settings.smsFrom) throw new NotifyFailed('VOICEMAIL_NOTIFY_SMS_FROM is not set: it must be the number (or Messaging Service SID) that texts voicemail notifications.', 500);
  const from = settings.smsFrom.startsWith('MG') ? { messagingServiceSid: settings.smsFrom } : { from: settings.smsFrom };
  // A create is not repeated on an ambiguous failure: one text at most.
  await withRetry(core, context, () => client.messages.create({ to, body: text, ...from }), { idempotent: false });
}

/** Sends one notification: { channel: 'email' | 'sms', to, subject, text }. */
function send(deps, settings, message) {
  return message.channel === 'sms' ? sendSms(deps, settings, message) : sendEmail(deps, settings, message);
}

module.exports = { send, NotifyFailed };
