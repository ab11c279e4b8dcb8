'use strict';
// Validates the Flex token (`Token`) sent by the Flex UI with Twilio's IAM
// API (POST {token} to /v1/Accounts/<AC>/Tokens/validate, basic auth with the
// account's credentials) at the deployment's region and edge
// (iam.<edge>.<region>.twilio.com).
// When FLEX_TOKEN_VALIDATION_BASE_URL is set (local runs), the same call goes
// to <base>/iam/v1/Accounts/<AC>/Tokens/validate.

const { flexTokenValidationBaseUrl } = require(Runtime.getFunctions()['common/config'].path);
const { twilioRequest, budgetSignal } = require(Runtime.getFunctions()['common/twilio-client'].path);

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

async function validate(context, token, accountSid, authToken) {
  const { uri, headers } = await twilioRequest(
    context,
    'iam',
    `/v1/Accounts/${encodeURIComponent(accountSid)}/Tokens/validate`,
    {
      Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
    },
    flexTokenValidationBaseUrl(context),
  );
  const response = await fetch(uri, { method: 'POST', headers, body: JSON.stringify({ token }), signal: budgetSignal(context) });
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
    return await validate(context, token, accountSid, authToken);
  } catch (err) {
    // A configuration the deployment refuses is the service's fault, not the token's.
    if (err && err.name === 'ConfigError') throw err;
    throw new TokenRejected(reasonOf(err));
  }
}

/** Who a validated token names, as the core reads a viewer: the worker and the Flex roles. */
function viewerOf(validation) {
  return {
    workerSid: typeof validation?.worker_sid === 'string' ? validation.worker_sid : '',
    roles: Array.isArray(validation?.roles) ? validation.roles.filter((role) => typeof role === 'string') : [],
  };
}

module.exports = { validateFlexToken, viewerOf, TokenRejected };
