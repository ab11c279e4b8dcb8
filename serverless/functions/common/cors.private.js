'use strict';
// The CORS headers every answer carries (Flex calls the functions from its own
// origin). Needs no Twilio runtime, so the local server's body-error handler
// (serverless/dev/) sends the same headers as the functions.

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

module.exports = { CORS_HEADERS };
