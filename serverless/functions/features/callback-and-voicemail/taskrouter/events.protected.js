'use strict';
// The TaskRouter workspace's event callback (EventCallbackUrl): every event
// TaskRouter posts (https://www.twilio.com/docs/taskrouter/api/event/reference)
// is offered to each of the product's event handlers, which act only on the
// event types they name. A handler's failure is logged and answered 500 so it
// shows in the Functions log; TaskRouter does not retry event callbacks, so
// each handler must also be safe to miss (a later event or a sweep recovers).
//
// A handler is a private function `common/events-<name>` exporting
//   { eventTypes: ['task.canceled', …], handle(context, event) → Promise }.

const { deployment } = require(Runtime.getFunctions()['common/config'].path);
const { failure } = require(Runtime.getFunctions()['common/response'].path);

// The handlers, by their private function's name. Add one line per handler.
const HANDLERS = [
  'common/events-index',
  'common/events-voicemail',
  'common/events-holds',
  'common/events-retention',
];

function handlersFor(eventType) {
  const functions = Runtime.getFunctions();
  return HANDLERS.filter((name) => functions[name])
    .map((name) => require(functions[name].path))
    .filter((handler) => Array.isArray(handler.eventTypes) && handler.eventTypes.includes(eventType));
}

exports.handler = async function taskRouterEvents(context, event, callback) {
  try {
    await deployment(context);
    const eventType = typeof event.EventType === 'string' ? event.EventType : '';
    const results = await Promise.allSettled(handlersFor(eventType).map((handler) => handler.handle(context, event)));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      for (const f of failed) console.error(`TaskRouter event ${eventType}: ${f.reason && f.reason.message}`);
      return callback(null, failure(failed[0].reason));
    }
    const response = new Twilio.Response();
    response.setStatusCode(204);
    return callback(null, response);
  } catch (err) {
    return callback(null, failure(err));
  }
};
