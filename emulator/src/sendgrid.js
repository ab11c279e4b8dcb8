'use strict';

// A double of SendGrid's v3 Mail Send API, at <emulator>/sendgrid/v3/mail/send
// (point SENDGRID_API_BASE_URL at <emulator>/sendgrid). What it checks follows
// https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send :
// a Bearer API key (else 401), personalizations with at least one `to`, a
// from.email, a subject (here or per personalization) and content (else 400,
// `{ errors: [{ message, field, help }] }`); an accepted message is 202 with
// no body. Nothing is delivered: accepted messages are kept for tests
// (GET /__control/mails, DELETE to forget them).

function sendgridError(status, message, field = null) {
  return { status, body: { errors: [{ message, field, help: null }] } };
}

function mailSend({ store, body, headers }) {
  const auth = String(headers.authorization || '');
  if (!/^Bearer\s+\S+/.test(auth)) {
    return sendgridError(401, 'The provided authorization grant is invalid, expired, or revoked');
  }
  const personalizations = Array.isArray(body.personalizations) ? body.personalizations : null;
  if (!personalizations || personalizations.length === 0) {
    return sendgridError(400, 'The personalizations field is required and must have at least one personalization.', 'personalizations');
  }
  for (const [i, p] of personalizations.entries()) {
    if (!p || !Array.isArray(p.to) || p.to.length === 0 || !p.to.every((t) => t && typeof t.email === 'string' && t.email.includes('@'))) {
      return sendgridError(400, 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.', `personalizations.${i}.to`);
    }
  }
  if (!body.from || typeof body.from.email !== 'string' || !body.from.email.includes('@')) {
    return sendgridError(400, 'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.', 'from.email');
  }
  if (typeof body.subject !== 'string' && !personalizations.every((p) => typeof p.subject === 'string')) {
    return sendgridError(400, 'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.', 'subject');
  }
  if (!Array.isArray(body.content) || body.content.length === 0 || !body.content.every((c) => c && typeof c.type === 'string' && typeof c.value === 'string')) {
    return sendgridError(400, 'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.', 'content');
  }
  store.mails.push({ at: new Date(store.nowMs()).toISOString(), message: body });
  return { status: 202, raw: Buffer.alloc(0), contentType: 'text/plain', headers: { 'X-Message-Id': `emu${store.mails.length}` } };
}

const routes = [
  { method: 'POST', re: /^\/sendgrid\/v3\/mail\/send$/, kind: 'sendgrid.mail.send', auth: false, handler: mailSend },
];

const C = '^/__control';
const controlRoutes = [
  ['GET', `${C}/mails$`, (c) => ({ status: 200, body: { mails: c.store.mails } })],
  ['DELETE', `${C}/mails$`, (c) => { c.store.mails.length = 0; return { status: 200, body: { mails: [] } }; }],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = { routes, controlRoutes };
