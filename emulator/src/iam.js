'use strict';

// IAM: Flex token validation (POST /iam/v1/Accounts/{AC}/Tokens/validate), as
// the functions call it (common/flex-token.private.js). Tokens are issued by a
// control endpoint.

const crypto = require('node:crypto');
const { newSid, isoDate } = require('./store');
const { badRequest, single } = require('./http');

const DEFAULT_TTL_SEC = 3600;

// input: { token, identity, roles, workerSid, realmUserId, expiresInSec }
function issueToken(store, input = {}) {
  const identity = input.identity || `agent_${crypto.randomBytes(3).toString('hex')}`;
  const ttl = input.expiresInSec === undefined ? DEFAULT_TTL_SEC : Number(input.expiresInSec);
  if (!Number.isFinite(ttl)) throw badRequest('expiresInSec must be a number');
  const record = {
    token: input.token || `emulator.${crypto.randomBytes(24).toString('base64url')}`,
    identity,
    roles: Array.isArray(input.roles) ? input.roles.map(String) : [input.roles || 'agent'],
    workerSid: input.workerSid || newSid('WK'),
    realmUserId: input.realmUserId || identity,
    expiresAt: store.nowMs() + ttl * 1000,
  };
  store.tokens.set(record.token, record);
  store.ensureWorker({ sid: record.workerSid, friendlyName: identity });
  return record;
}

function tokenJson(record) {
  return {
    token: record.token,
    identity: record.identity,
    roles: record.roles,
    worker_sid: record.workerSid,
    realm_user_id: record.realmUserId,
    expiration: isoDate(record.expiresAt),
  };
}

function validate({ store, params, body }) {
  const token = single(body.token !== undefined ? body.token : body.Token);
  if (params.accountSid !== store.accountSid) {
    return { status: 200, body: { valid: false, code: 20003, message: 'Token does not belong to this account' } };
  }
  if (token === undefined || token === null || token === '') {
    throw badRequest('Missing required parameter token', 20001);
  }
  const record = store.tokens.get(String(token));
  if (!record) {
    return { status: 200, body: { valid: false, code: 20101, message: 'Invalid Access Token' } };
  }
  if (record.expiresAt <= store.nowMs()) {
    return { status: 200, body: { valid: false, code: 20104, message: 'Access Token expired or expiration date invalid' } };
  }
  return {
    status: 200,
    body: {
      valid: true,
      code: 0,
      message: null,
      expiration: isoDate(record.expiresAt),
      realm_user_id: record.realmUserId,
      identity: record.identity,
      roles: record.roles,
      worker_sid: record.workerSid,
    },
  };
}

const routes = [
  {
    method: 'POST',
    re: /^\/iam\/v1\/Accounts\/(?<accountSid>[^/]+)\/Tokens\/validate$/,
    kind: 'iam.tokens.validate',
    handler: validate,
  },
];

module.exports = { routes, issueToken, tokenJson };
