'use strict';
// Frames: how values cross into the core without JSON text. The layout is
// defined in wasm/include/cbvm/wire.hpp; this file writes a JavaScript value
// as a frame the way JSON.stringify would see it, and reads the core's answer
// back. Where the core names the members a decision reads (its input
// shape), only those are written, with their keys by number. Nothing here
// decides anything.

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;
const SHARED = 7;
const INPUT_REF = 8;
const MAX_DEPTH = 64;

const hasOwn = Object.prototype.hasOwnProperty;

/** Returns call(decisionIndex, value) → the core's envelope, over a raw module. */
function createFrames(raw) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // The frame is written straight into the core's input area; these mirror
  // its addresses and sizes, and are refreshed when memory grows.
  let heap; // raw.HEAPU8 when the views below were made
  let H32;
  let F64;
  let wordsAt = 0; // int32 index of the words area
  let wordsCap = 0;
  let numsAt = 0; // float64 index of the numbers area
  let numsCap = 0;
  let textAt = 0; // byte address of the text area
  let textCap = 0;
  let textView; // Uint8Array over the text area

  let nw = 0;
  let nn = 0;
  let text = '';
  let units = 0;
  let tooDeep = false;

  // The strings of the frame by word index of their token (entries from
  // earlier frames are only ever overwritten, never read).
  const sources = [];
  // Keys and strings the core has numbered (shared), kept for the life of the module.
  const keys = [];

  function views() {
    heap = raw.HEAPU8;
    H32 = raw.HEAP32;
    F64 = raw.HEAPF64;
    textView = new Uint8Array(heap.buffer, textAt, textCap);
  }

  // Asks the core for areas of at least these sizes (their content is kept).
  function areas(words, nums, textBytes) {
    const at = raw._cbvm_frame_in(words, nums, textBytes) >> 2;
    const I = raw.HEAP32;
    wordsAt = I[at] >> 2;
    numsAt = I[at + 1] >> 3;
    textAt = I[at + 2];
    wordsCap = words;
    numsCap = nums;
    textCap = textBytes;
    views();
  }

  function room(n) {
    if (nw + n > wordsCap) areas(Math.max(wordsCap * 2, nw + n), numsCap, textCap);
  }

  function putString(s) {
    room(3);
    sources[nw] = s; // the core may answer with this string by its token
    const i = wordsAt + nw;
    H32[i] = STRING;
    H32[i + 1] = units;
    H32[i + 2] = s.length;
    nw += 3;
    text += s;
    units += s.length;
  }

  function putNumber(d) {
    room(2);
    if (!Number.isFinite(d)) {
      H32[wordsAt + nw++] = NULL;
      return;
    }
    if (nn === numsCap) areas(wordsCap, numsCap * 2, textCap);
    H32[wordsAt + nw] = NUMBER;
    H32[wordsAt + nw + 1] = nn;
    nw += 2;
    F64[numsAt + nn++] = d;
  }

  // What JSON.stringify writes for a member value: toJSON applied, and
  // undefined for what it leaves out.
  function jsonValue(v, key) {
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') return v.toJSON(key);
    if (typeof v === 'bigint') throw new TypeError('a BigInt cannot be written as JSON');
    return v;
  }

  function representable(v) {
    return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
  }

  // `shape`, when given, names the members of an object the decision reads:
  // only those are written, keys by number, each whole unless the shape names
  // what is read of it in turn.
  function put(v, depth, shape) {
    switch (typeof v) {
      case 'string':
        putString(v);
        return;
      case 'number':
        putNumber(v);
        return;
      case 'boolean':
        room(1);
        H32[wordsAt + nw++] = v ? TRUE : FALSE;
        return;
      case 'object':
        break;
      default:
        room(1);
        H32[wordsAt + nw++] = NULL;
        return;
    }
    room(3);
    if (v === null) {
      H32[wordsAt + nw++] = NULL;
      return;
    }
    if (depth >= MAX_DEPTH) {
      // The core refuses this input; JSON.stringify would have refused a cycle.
      if (circular(v)) throw new TypeError('the input has a circular structure');
      tooDeep = true;
      H32[wordsAt + nw++] = NULL;
      return;
    }
    ancestors[depth] = v;
    if (depth > deepest) deepest = depth;
    const at = nw;
    nw += 3;
    let count = 0;
    if (Array.isArray(v)) {
      H32[wordsAt + at] = ARRAY;
      for (let i = 0; i < v.length; i++) {
        const item = jsonValue(v[i], String(i));
        if (representable(item)) {
          put(item, depth + 1);
        } else {
          room(1);
          H32[wordsAt + nw++] = NULL;
        }
        count++;
      }
    } else {
      H32[wordsAt + at] = OBJECT;
      for (const k in v) {
        let read;
        if (shape !== undefined) {
          read = shape[k];
          if (read === undefined) continue;
        }
        if (!hasOwn.call(v, k)) continue;
        const item = jsonValue(v[k], k);
        if (!representable(item)) continue;
        room(2);
        if (read !== undefined && read.number >= 0) {
          H32[wordsAt + nw] = -1 - read.number;
          H32[wordsAt + nw + 1] = 0;
        } else {
          H32[wordsAt + nw] = units;
          H32[wordsAt + nw + 1] = k.length;
          text += k;
          units += k.length;
        }
        nw += 2;
        put(item, depth + 1, read === undefined ? undefined : read.members);
        count++;
      }
    }
    H32[wordsAt + at + 1] = count;
    H32[wordsAt + at + 2] = nw - at - 3;
  }

  // The containers being written, outermost first: only read at the depth
  // limit, to tell a cycle from deep nesting.
  const ancestors = new Array(MAX_DEPTH).fill(undefined);
  let deepest = 0;
  function circular(v) {
    for (let i = 0; i < MAX_DEPTH; i++) if (ancestors[i] === v) return true;
    return false;
  }

  // Reading an answer.
  let W;
  let F;
  let T;
  let pos;
  let numBase;

  function read() {
    const tag = W[pos];
    switch (tag) {
      case NULL:
        pos += 1;
        return null;
      case FALSE:
        pos += 1;
        return false;
      case TRUE:
        pos += 1;
        return true;
      case NUMBER: {
        const d = F[numBase + W[pos + 1]];
        pos += 2;
        return d;
      }
      case STRING: {
        const start = W[pos + 1];
        const s = T.slice(start, start + W[pos + 2]);
        pos += 3;
        return s;
      }
      case SHARED: {
        const s = keys[W[pos + 1]];
        pos += 2;
        return s;
      }
      case INPUT_REF: {
        const s = sources[W[pos + 1]];
        pos += 2;
        return s;
      }
      case ARRAY: {
        const n = W[pos + 1];
        pos += 3;
        const a = new Array(n);
        for (let i = 0; i < n; i++) a[i] = read();
        return a;
      }
      case OBJECT: {
        const n = W[pos + 1];
        pos += 3;
        const o = {};
        for (let i = 0; i < n; i++) {
          const k0 = W[pos];
          const key = k0 < 0 ? keys[-1 - k0] : T.slice(k0, k0 + W[pos + 1]);
          pos += 2;
          const v = read();
          if (key === '__proto__') Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
          else o[key] = v;
        }
        return o;
      }
      default:
        throw new Error(`The core's answer has an unknown token ${tag}.`);
    }
  }

  function answer(info) {
    const textBytes = H32[info + 5];
    const outText = H32[info + 4];
    T = textBytes === 0 ? '' : decoder.decode(heap.subarray(outText, outText + textBytes));
    const newKeys = H32[info + 7] >> 2;
    const newKeyInts = H32[info + 8];
    for (let i = 0; i < newKeyInts; i += 3) {
      const start = H32[newKeys + i + 1];
      keys[H32[newKeys + i]] = T.slice(start, start + H32[newKeys + i + 2]);
    }
    W = H32;
    F = F64;
    numBase = H32[info + 2] >> 3;
    pos = H32[info] >> 2;
    const value = read();
    W = F = T = undefined;
    return value;
  }

  areas(1024, 64, 4096);
  // Emscripten's export wrapper replaces itself with the WebAssembly function
  // on its first call; keep that function rather than the module's property.
  let frameCall = (...args) => {
    const result = raw._cbvm_frame_call(...args);
    frameCall = raw._cbvm_frame_call;
    return result;
  };

  // `shape`, from shapeOf, names the members the decision reads; without one
  // the whole value is written.
  return function call(decisionIndex, value, shape) {
    // Memory that grew detaches the old buffer: then the views are remade.
    if (heap.byteLength === 0) views();
    nw = 0;
    nn = 0;
    text = '';
    units = 0;
    tooDeep = false;
    const root = jsonValue(value, '');
    try {
      put(representable(root) ? root : {}, 0, shape);
    } finally {
      for (let i = 0; i <= deepest; i++) ancestors[i] = undefined; // not to keep the input alive
      deepest = 0;
    }
    let bytes = 0;
    if (units > 0) {
      if (units * 3 > textCap) areas(wordsCap, numsCap, Math.max(textCap * 2, units * 3));
      bytes = encoder.encodeInto(text, textView).written;
      text = '';
    }
    const info = frameCall(decisionIndex, nw, nn, bytes, units, tooDeep ? 1 : 0) >> 2;
    if (heap.byteLength === 0) views();
    return answer(info);
  };
}

/**
 * A decision's input shape as the core describes it ({key: {number, members?}})
 * made into lookup tables for the writer.
 */
// Shapes inherit from an empty object with no prototype, so that no key
// finds anything it does not own, and stay fast-property objects (an object
// made with a null prototype is a dictionary, slower to look keys up in).
const NOTHING = Object.freeze(Object.create(null));

function shapeOf(described) {
  const shape = Object.create(NOTHING);
  for (const key of Object.keys(described)) {
    const { number, members } = described[key];
    Object.defineProperty(shape, key, {
      value: { number: Number.isInteger(number) ? number : -1, members: members ? shapeOf(members) : undefined },
      enumerable: true,
    });
  }
  return shape;
}

module.exports = { createFrames, shapeOf };
