'use strict';
// Validates the Flex token (`Token`) sent by the Flex UI. In production this is
// twilio-flex-token-validator, whose Twilio URL is fixed. When
// FLEX_TOKEN_VALIDATION_BASE_URL is set (local runs), the same validation call
// (POST {token} to <base>/iam/v1/Accounts/<AC>/Tokens/validate, basic auth) goes there.

const { flexTokenValidationBaseUrl } = require(Runtime.getFunctions()['common/config'].path);

class TokenRejected extends Error {
  constructor(reason) {
    super(`The Flex token is missing or not valid, so this request is refused (${reason}).`);
    this.name = 'TokenRejected';
    this.status = 403;
  }
}

function reasonOf(err) {
  const text = typeof err === 'string' ? err : err && err.message;
  return (text || 'the token could not be validated').replace(/[.\s]+$/, '');
}

async function validateLocally(base, token, accountSid, authToken) {
  const response = await fetch(`${base}/iam/v1/Accounts/${encodeURIComponent(accountSid)}/Tokens/validate`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
    },
    body: JSON.stringify({ token }),
  });
  let result;
  try {
    result = await response.json();
  } catch {
    throw new Error(`the validation service answered HTTP ${response.status}`);
  }
  if (!result || result.valid !== true) throw new Error((result && result.message) || 'Invalid token');
  return result;
}

/**
 * Resolves with the validation result for event.Token, or rejects with a
 * TokenRejected (status 403) that says why.
 */
async function validateFlexToken(context, event) {
  const token = typeof event.Token === 'string' ? event.Token.trim() : '';
  if (!token) throw new TokenRejected('no Token was sent');
  const accountSid = context.ACCOUNT_SID;
  const authToken = context.AUTH_TOKEN;
  if (!accountSid || !authToken) throw new TokenRejected('the service has no account credentials to validate it with');
  try {
    const base = flexTokenValidationBaseUrl(context);
    if (base) return await validateLocally(base, token, accountSid, authToken);
    const { validator } = require('twilio-flex-token-validator');
    const region = context.TWILIO_REGION ? String(context.TWILIO_REGION).split('-')[0] : undefined;
    return await validator(token, accountSid, authToken, region);
  } catch (err) {
    throw new TokenRejected(reasonOf(err));
  }
}

module.exports = { validateFlexToken, TokenRejected };
