'use strict';
// Shared lookups of the wait experience, per warm function instance.
//
// Every waiting call asks for the newest pending tasks of its workflow. When
// many calls arrive together, one list request can answer all of them: a
// request waiting for its task joins the next list of that workflow that
// *starts after the request arrived* (so the page is fresh enough to hold its
// task) instead of sending its own. Queue names (the Flex convention maps a
// voice queue to its workflow) change rarely and are kept for a minute.
// Nothing here decides: the core asks for each page and finds the task in it.

const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { readTaskPage } = require(Runtime.getFunctions()['common/tasks'].path);
const { workspaceSid } = require(Runtime.getFunctions()['common/config'].path);

const QUEUE_TTL_MS = 60 * 1000;
const queues = new Map(); // queueSid -> { at, promise }

/** The voice queue's friendly name, fetched at most once a minute per queue. */
// Keys carry the account, region, edge and API base, so instances aimed elsewhere never share.
const scope = (context) =>
  [context.ACCOUNT_SID, context.TWILIO_REGION, context.TWILIO_EDGE, context.TWILIO_API_BASE_URL].map((v) => v || '').join(' ');

// One read per key every ttlMs, shared by every request of this instance;
// a failed read is forgotten at once, so the next request tries again.
function cachedRead(cache, key, ttlMs, now, read, onError) {
  const cached = cache.get(key);
  if (cached && now - cached.at < ttlMs) return cached.promise;
  const promise = read().catch((err) => {
    cache.delete(key);
    return onError(err);
  });
  cache.set(key, { at: now, promise });
  return promise;
}

function queueName({ core, context, client }, queueSid, now = Date.now()) {
  return cachedRead(
    queues,
    `${scope(context)} ${queueSid}`,
    QUEUE_TTL_MS,
    now,
    () => withRetry(core, context, () => client.queues(queueSid).fetch()).then((queue) => queue.friendlyName),
    (err) => {
      if (err && err.status === 404) return null;
      throw err;
    },
  );
}

// A page task cut to what the core reads of it. Attributes can run to
// kilobytes a task and every waiting call hands the pages over again, so they
// are parsed once per page read and cut to the call they belong to.
function pageTask(task) {
  let attributes = task.attributes;
  if (typeof attributes === 'string') {
    try {
      attributes = JSON.parse(attributes);
    } catch {
      attributes = null;
    }
  }
  const callSid = attributes && typeof attributes === 'object' ? attributes.call_sid : undefined;
  const cut = {
    sid: task.sid,
    assignmentStatus: task.assignmentStatus,
    dateCreated: task.dateCreated,
    attributes: typeof callSid === 'string' ? { call_sid: callSid } : {},
  };
  // The queue it waits in, for the loop's statistics.
  if (task.taskQueueSid) cut.taskQueueSid = task.taskQueueSid;
  return cut;
}

// One list of a workflow's pending tasks, read page by page on demand. It
// starts once `after` settles, so a list can be queued behind the one in flight.
class Listing {
  constructor(deps, need, after = Promise.resolve()) {
    this.deps = deps;
    this.need = need;
    this.startedAt = Infinity;
    this.firstPageSettled = false;
    this.started = after.then(() => {
      this.startedAt = Date.now();
    });
    this.pages = []; // promises of { twilioPage, tasks, hasMore }
    this.read = []; // the same pages once they are in
    const first = this.page(0);
    first.then(() => {}, () => {}).then(() => {
      this.firstPageSettled = true;
    });
  }

  page(n) {
    if (!this.pages[n]) {
      const previous = n === 0 ? this.started.then(() => null) : this.page(n - 1);
      this.pages[n] = previous.then((prev) => {
        if (prev && !prev.hasMore) return { twilioPage: null, tasks: [], hasMore: false };
        // The library's page object is kept to follow its next-page link.
        return readTaskPage(this.deps, this.need, prev && prev.twilioPage).then((read) => ({
          twilioPage: read.page,
          tasks: read.tasks.map(pageTask),
          hasMore: read.hasMore,
        }));
      });
      this.pages[n].then(
        (page) => {
          this.read[n] = page;
        },
        // A failed page is not kept: the next request reads it again.
        () => {
          if (n > 0) this.pages[n] = undefined;
        },
      );
    }
    return this.pages[n];
  }
}

// Per key: the list in flight (`current`) and at most one queued behind it (`next`).
const listings = new Map();

/**
 * The list that answers a request which arrived at `arrivedAt`: the current one
 * if it started after the request arrived; else the queued one (created if
 * needed), which starts when the current list's first page is in.
 */
function listingFor(deps, need, arrivedAt) {
  const key = JSON.stringify([scope(deps.context), need.workflowSid, need.assignmentStatus, need.ordering, need.pageSize]);
  let entry = listings.get(key);
  if (!entry) {
    entry = { current: null, next: null };
    listings.set(key, entry);
  }
  const { current } = entry;
  if (current && current.startedAt !== Infinity && current.startedAt >= arrivedAt) return current;
  if (entry.next) return entry.next;
  if (!current || current.firstPageSettled) {
    entry.current = new Listing(deps, need);
    return entry.current;
  }
  const queued = new Listing(deps, need, current.pages[0].then(() => {}, () => {}));
  entry.next = queued;
  queued.started.then(() => {
    entry.current = queued;
    entry.next = null;
  });
  return queued;
}

/**
 * Page `need.page` of the newest pending tasks (`{ page, tasks, hasMore }`),
 * from a list that started after `arrivedAt`. Pages the list has already read
 * cost no REST call; they are handed over one at a time, as the core asks for
 * them, so a call found on the first page does not carry the pages others
 * searched deeper.
 */
async function pendingTaskPage(deps, need, arrivedAt) {
  const listing = listingFor(deps, need, arrivedAt);
  const { tasks, hasMore } = await listing.page(need.page);
  return { page: need.page, tasks, hasMore };
}

// A queue's statistics, shared by every waiting call of this instance and
// read at most once per STATISTICS_TTL_MS per queue (two requests: real-time
// for the tasks waiting, cumulative over the last STATISTICS_MINUTES for how
// long accepted tasks waited), so that many calls arriving at once do not
// multiply statistics requests. A failed read answers null (the wait is then
// not told) and is tried again by the next call.
const STATISTICS_TTL_MS = 15 * 1000;
const STATISTICS_MINUTES = 15;
// A waiting caller hears nothing until the loop's TwiML is answered, and a slow
// TaskRouter (with retries) could take up to the 8 s the Functions budget
// leaves: the loop waits this long for the statistics, then speaks without the
// wait. The read goes on and fills the cache for the calls after.
const STATISTICS_WAIT_MS = 2000;
const statistics = new Map(); // scope + queueSid -> { at, promise }

// The promise's value, or null once `ms` have passed without one.
function within(promise, ms, onLate) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(onLate()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function queueStatistics(deps, queueSid, now = Date.now(), waitMs = STATISTICS_WAIT_MS) {
  return within(readQueueStatistics(deps, queueSid, now), waitMs, () => {
    console.log(`wait-experience: statistics of ${queueSid} took longer than ${waitMs} ms; the wait is not told`);
    return null;
  });
}

function readQueueStatistics({ core, context, client }, queueSid, now) {
  const queue = client.taskrouter.v1.workspaces(workspaceSid(context)).taskQueues(queueSid);
  const read = () =>
    Promise.all([
      withRetry(core, context, () => queue.realTimeStatistics().fetch()),
      withRetry(core, context, () => queue.cumulativeStatistics().fetch({ minutes: STATISTICS_MINUTES })),
    ]).then(([realTime, cumulative]) => {
      const byStatus = realTime.tasksByStatus || {};
      const wait = cumulative.waitDurationUntilAccepted || {};
      return {
        waiting: (Number(byStatus.pending) || 0) + (Number(byStatus.reserved) || 0),
        accepted: Number(cumulative.reservationsAccepted) || 0,
        averageWaitSeconds: Number.isFinite(Number(wait.avg)) ? Math.round(Number(wait.avg)) : undefined,
      };
    });
  return cachedRead(statistics, `${scope(context)} ${queueSid}`, STATISTICS_TTL_MS, now, read, (err) => {
    console.log(`wait-experience: statistics of ${queueSid} could not be read: ${(err && err.message) || err}`);
    return null;
  });
}

module.exports = { queueName, pendingTaskPage, queueStatistics, STATISTICS_WAIT_MS };
