'use strict';
// The clients the deploy calls Twilio through: the official twilio library and
// the Serverless library twilio-run deploys with. Both go to the configured
// region and edge. When the env file names TWILIO_API_BASE_URL (a rehearsal
// against the local emulator), every request for a Twilio host is sent there
// instead, by the same rule the functions use.

const path = require('node:path');
const twilio = require('twilio');
const { TwilioServerlessApiClient } = require('@twilio-labs/serverless-api');
const { rewriteTwilioRequest, rewritingHttpClient } = require(path.join(__dirname, '../../serverless/functions/common/twilio-url.private.js'));

function twilioClient(options) {
  const clientOptions = { region: options.region, edge: options.edge };
  if (options.apiBaseUrl) clientOptions.httpClient = rewritingHttpClient(twilio.RequestClient, options.apiBaseUrl);
  return twilio(options.accountSid, options.authToken, clientOptions);
}

function serverlessClient(options) {
  const client = new TwilioServerlessApiClient({
    username: options.accountSid,
    password: options.authToken,
    region: options.region,
    edge: options.edge,
  });
  if (options.apiBaseUrl) {
    // The library has no setting for its host: aim each request at the emulator.
    client.client = client.client.extend({
      hooks: {
        beforeRequest: [
          (request) => {
            const { uri, headers } = rewriteTwilioRequest(request.url.toString(), options.apiBaseUrl, {});
            const url = new URL(uri);
            // got keeps the basic-auth credentials in the URL.
            url.username = request.url.username;
            url.password = request.url.password;
            request.url = url;
            Object.assign(request.headers, headers);
          },
        ],
      },
    });
  }
  return client;
}

module.exports = { twilioClient, serverlessClient };
