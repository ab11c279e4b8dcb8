'use strict';
// Bodies no client should send, to every function: each is answered with a 4xx
// JSON body carrying CORS headers and a sentence, never an HTML page.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const zlib = require('zlib');
const { startStack, PATHS } = require('./helpers');

let stack;
before(async () => {
  stack = await startStack();
});
after(() => stack && stack.close());

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function manyFields(n, form) {
  if (form) return Array.from({ length: n }, (_, i) => `f${i}=${i}`).join('&');
  return JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i])));
}

const BODIES = [
  ['bad JSON', JSON_TYPE, '{"numberToCall": '],
  ['JSON with a trailing comma', JSON_TYPE, '{"numberToCall": "+14155550100",}'],
  ['top-level null', JSON_TYPE, 'null'],
  ['top-level string', JSON_TYPE, '"+14155550100"'],
  ['top-level number', JSON_TYPE, '42'],
  ['top-level array', JSON_TYPE, '[1, 2, 3]'],
  ['garbage gzip', JSON_TYPE, Buffer.from('not gzip at all, just bytes'), { 'Content-Encoding': 'gzip' }],
  ['truncated gzip', JSON_TYPE, zlib.gzipSync(JSON.stringify({ numberToCall: '+14155550100' })).subarray(0, 12), { 'Content-Encoding': 'gzip' }],
  ['unknown encoding', JSON_TYPE, '{}', { 'Content-Encoding': 'snappy' }],
  ['unknown charset', `${JSON_TYPE}; charset=klingon`, '{}'],
  ['10,000 JSON fields', JSON_TYPE, manyFields(10000, false)],
  ['10,000 form fields', FORM_TYPE, manyFields(10000, true)],
  ['a 2 MB parameter', JSON_TYPE, JSON.stringify({ numberToCall: 'x'.repeat(2 * 1024 * 1024) })],
  ['a 200 KB parameter', FORM_TYPE, `numberToCall=${'9'.repeat(200 * 1024)}`],
  ['nesting 5,000 deep', JSON_TYPE, `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['a 50 MB body', JSON_TYPE, Buffer.alloc(50 * 1024 * 1024, 0x20)],
];

// Raw http: fetch would refuse some of these, and a refused upload must still read the answer.
function send(path, type, body, headers = {}) {
  const url = new URL(`${stack.url}${path}`);
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': type, 'Content-Length': payload.length, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer and close before the whole upload is sent.
    req.on('error', (err) => (['EPIPE', 'ECONNRESET'].includes(err.code) ? null : reject(err)));
    req.end(payload);
  });
}

test('every function answers every malformed body with 4xx JSON, CORS and a sentence', async (t) => {
  let answered = 0;
  let total = 0;
  const problems = [];
  for (const path of Object.values(PATHS)) {
    for (const [name, type, body, headers] of BODIES) {
      total += 1;
      const r = await send(path, type, body, headers);
      let json = null;
      try {
        json = JSON.parse(r.text);
      } catch {
        // not JSON: reported below
      }
      const ok = r.status >= 400 && r.status < 500
        && String(r.headers['content-type']).includes('application/json')
        && r.headers['access-control-allow-origin'] === '*'
        && json && typeof json.message === 'string' && /\w+ \w+/.test(json.message)
        && !/\bat .*\.js:\d+/.test(r.text);
      if (ok) answered += 1;
      else problems.push(`${path} ${name}: ${r.status} ${r.headers['content-type']} ${r.text.slice(0, 120)}`);
    }
  }
  t.diagnostic(`malformed bodies answered as 4xx JSON with CORS: ${answered}/${total}`);
  assert.deepEqual(problems, []);
});
