'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control } = require('./helpers');

// https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send
test('sendgrid double: mail send accepts a valid message (202, no body), refuses bad ones as SendGrid does', async (t) => {
  const { emu } = await setup();
  t.after(() => emu.close());
  const send = (body, auth = 'Bearer SG.test') =>
    fetch(`${emu.url}/sendgrid/v3/mail/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
      body: JSON.stringify(body),
    });
  const good = {
    personalizations: [{ to: [{ email: 'team@example.com' }] }],
    from: { email: 'voicemail@example.com' },
    subject: 'New voicemail',
    content: [{ type: 'text/plain', value: 'Open it in Flex' }],
  };
  const accepted = await send(good);
  assert.equal(accepted.status, 202);
  assert.equal(await accepted.text(), '');
  assert.equal((await send(good, null)).status, 401);
  const noTo = await send({ ...good, personalizations: [{ to: [] }] });
  assert.equal(noTo.status, 400);
  assert.equal((await noTo.json()).errors[0].field, 'personalizations.0.to');
  assert.equal((await send({ ...good, from: {} })).status, 400);
  assert.equal((await send({ ...good, content: [] })).status, 400);
  const { body } = await control(emu, 'GET', '/mails');
  assert.equal(body.mails.length, 1);
  assert.equal(body.mails[0].message.personalizations[0].to[0].email, 'team@example.com');
});
