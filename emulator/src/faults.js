'use strict';

// Fault injection per endpoint kind (e.g. "taskrouter.tasks.create", "voice.calls.*", "*"):
// a share of requests answered 412/429/503 (any 4xx/5xx), reset at the connection or
// left unanswered (hang), plus added latency. Deterministic when a seed is given.
// A rule with `after: true` lets the request be handled first (its change is
// committed) and loses only the answer: what a client sees when the network drops
// a response that Twilio already acted on.

const { errorBody } = require('./http');

// Small seeded PRNG (mulberry32): good enough to make fault sequences repeatable.
function seededRandom(seed) {
  let a = (Number(seed) >>> 0) || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULT_BODIES = {
  412: [20001, 'The If-Match revision does not match the current revision (injected fault)'],
  429: [20429, 'Too Many Requests (injected fault)'],
  500: [20500, 'Internal Server Error (injected fault)'],
  503: [20503, 'Service Unavailable (injected fault)'],
};

// A hung request is reset after this long unless the rule says otherwise: longer
// than a Twilio Function may run (10 s), shorter than the library's 30 s timeout.
const DEFAULT_HANG_MS = 15000;

function faultBody(status) {
  const [code, message] = FAULT_BODIES[status] || [20000 + status, `HTTP ${status} (injected fault)`];
  return errorBody(status, code, message);
}

function matchesTarget(target, kind) {
  return [].concat(target).some((t) => {
    if (t === '*' || t === kind) return true;
    if (t.endsWith('.*')) return kind.startsWith(t.slice(0, -1));
    return false;
  });
}

class Faults {
  constructor() {
    this.rules = [];
    this.nextId = 1;
  }

  clear() {
    this.rules = [];
  }

  // rule: { target, rate = 1, statuses = [], reset = false, hang = false, hangMs, after = false,
  //         latencyMs = 0 | [min, max], times, seed }
  add(input) {
    if (!input || typeof input !== 'object') throw new Error('a fault rule must be an object');
    const targets = [].concat(input.target === undefined ? [] : input.target);
    if (!targets.length || targets.some((t) => typeof t !== 'string' || !t)) throw new Error('fault rule needs a target (endpoint kind, "prefix.*" or "*")');
    const rate = input.rate === undefined ? 1 : Number(input.rate);
    if (!(rate >= 0 && rate <= 1)) throw new Error('rate must be between 0 and 1');
    const statuses = [].concat(input.statuses === undefined ? (input.status === undefined ? [] : input.status) : input.statuses).map(Number);
    if (statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) throw new Error('statuses must be HTTP status codes between 400 and 599');
    let latency = [0, 0];
    if (input.latencyMs !== undefined) {
      latency = Array.isArray(input.latencyMs) ? input.latencyMs.map(Number) : [Number(input.latencyMs), Number(input.latencyMs)];
      if (latency.length !== 2 || latency.some((v) => !(v >= 0)) || latency[0] > latency[1]) throw new Error('latencyMs must be a number or [min, max]');
    }
    const hangMs = input.hangMs === undefined ? DEFAULT_HANG_MS : Number(input.hangMs);
    if (!(Number.isInteger(hangMs) && hangMs >= 0)) throw new Error('hangMs must be a non-negative integer (milliseconds)');
    const times = input.times === undefined || input.times === null ? null : Number(input.times);
    if (times !== null && !(Number.isInteger(times) && times >= 0)) throw new Error('times must be a non-negative integer');
    const rule = {
      id: this.nextId++,
      target: targets.length === 1 ? targets[0] : targets,
      rate,
      statuses,
      reset: Boolean(input.reset),
      hang: Boolean(input.hang),
      hangMs,
      after: Boolean(input.after),
      latencyMs: latency,
      times,
      seed: input.seed === undefined ? null : input.seed,
      random: input.seed === undefined ? Math.random : seededRandom(input.seed),
      matched: 0,
      injected: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  remove(id) {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== Number(id));
    return this.rules.length !== before;
  }

  list() {
    return this.rules.map(ruleJson);
  }

  // Decides what happens to one request of `kind`:
  // { latencyMs, action: null | { type: 'status', status } | { type: 'reset' } | { type: 'hang', ms } }
  // where an action may carry `after: true` (handle the request, then lose its answer).
  decide(kind) {
    let latencyMs = 0;
    let action = null;
    for (const rule of this.rules) {
      if (!matchesTarget(rule.target, kind)) continue;
      rule.matched += 1;
      const [lo, hi] = rule.latencyMs;
      if (hi > 0) latencyMs += lo + Math.floor(rule.random() * (hi - lo + 1));
      if (action) continue;
      const outcomes = rule.statuses.map((s) => ({ type: 'status', status: s }));
      if (rule.reset) outcomes.push({ type: 'reset' });
      if (rule.hang) outcomes.push({ type: 'hang', ms: rule.hangMs });
      if (!outcomes.length) continue;
      if (rule.times !== null && rule.injected >= rule.times) continue;
      if (rule.random() >= rule.rate) continue;
      action = { ...outcomes[Math.floor(rule.random() * outcomes.length)], ...(rule.after ? { after: true } : {}) };
      rule.injected += 1;
    }
    return { latencyMs, action };
  }
}

function ruleJson(rule) {
  return {
    id: rule.id,
    target: rule.target,
    rate: rule.rate,
    statuses: rule.statuses,
    reset: rule.reset,
    hang: rule.hang,
    hangMs: rule.hangMs,
    after: rule.after,
    latencyMs: rule.latencyMs,
    times: rule.times,
    seed: rule.seed,
    matched: rule.matched,
    injected: rule.injected,
  };
}

module.exports = { Faults, faultBody, seededRandom, matchesTarget, ruleJson };
