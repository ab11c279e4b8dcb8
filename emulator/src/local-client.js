'use strict';

// An `httpClient` for the official twilio library that sends every request meant for
// https://<domain>.twilio.com/<path> to <baseUrl>/<domain>/<path> (the emulator).

// The rule lives with the functions, which use it in production too.
const { rewriteTwilioUrl, rewritingHttpClient } = require('../../serverless/functions/common/twilio-url.private.js');

// options: { twilio: the twilio module to take RequestClient from, RequestClient, requestClientOptions }
function createLocalHttpClient(baseUrl, options = {}) {
  if (!baseUrl) throw new Error('createLocalHttpClient needs the emulator base URL');
  const RequestClient = options.RequestClient
    || (options.twilio && options.twilio.RequestClient)
    || require('twilio').RequestClient;
  return rewritingHttpClient(RequestClient, baseUrl, options.requestClientOptions || {});
}

module.exports = { createLocalHttpClient, rewriteTwilioUrl };
