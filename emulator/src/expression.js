'use strict';

// A subset of the TaskRouter expression language, enough for
// EvaluateTaskAttributes filters:
//   attr == "v", attr.sub != 'v', n > 3, x IN ["a","b"], x NOT IN [...],
//   s CONTAINS "sub", list HAS "v", AND / OR / && / ||, NOT, parentheses,
//   literals: strings, numbers, true, false, null; `1==1` matches everything.

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'CONTAINS', 'HAS', 'TRUE', 'FALSE', 'NULL']);

class ExpressionError extends Error {}

function tokenize(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { value += src[j + 1]; j += 2; continue; }
        value += src[j];
        j += 1;
      }
      if (j >= src.length) throw new ExpressionError(`unterminated string at ${i}`);
      tokens.push({ type: 'literal', value });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && !(c === '-' && tokens.length && ['literal', 'path', ')', ']'].includes(tokens[tokens.length - 1].type))) {
      tokens.push({ type: 'literal', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      tokens.push({ type: 'op', value: two });
      i += 2;
      continue;
    }
    if (['=', '>', '<', '!'].includes(c)) {
      tokens.push({ type: 'op', value: c === '=' ? '==' : c });
      i += 1;
      continue;
    }
    if ('()[],'.includes(c)) {
      tokens.push({ type: c });
      i += 1;
      continue;
    }
    const ident = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$-]*)*/.exec(src.slice(i));
    if (ident) {
      const word = ident[0];
      const upper = word.toUpperCase();
      if (KEYWORDS.has(upper)) {
        if (upper === 'TRUE') tokens.push({ type: 'literal', value: true });
        else if (upper === 'FALSE') tokens.push({ type: 'literal', value: false });
        else if (upper === 'NULL') tokens.push({ type: 'literal', value: null });
        else tokens.push({ type: 'kw', value: upper });
      } else {
        tokens.push({ type: 'path', value: word.split('.') });
      }
      i += word.length;
      continue;
    }
    throw new ExpressionError(`unexpected character '${c}' at ${i}`);
  }
  return tokens;
}

function parse(src) {
  if (typeof src !== 'string' || !src.trim()) throw new ExpressionError('empty expression');
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (o = 0) => tokens[pos + o];
  const isKw = (t, v) => t && t.type === 'kw' && t.value === v;
  const isOp = (t, v) => t && t.type === 'op' && t.value === v;
  const expect = (type) => {
    const t = tokens[pos];
    if (!t || t.type !== type) throw new ExpressionError(`expected '${type}'`);
    pos += 1;
    return t;
  };

  function parseOr() {
    let left = parseAnd();
    while (isKw(peek(), 'OR') || isOp(peek(), '||')) {
      pos += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd() {
    let left = parseUnary();
    while (isKw(peek(), 'AND') || isOp(peek(), '&&')) {
      pos += 1;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary() {
    if (isKw(peek(), 'NOT') || isOp(peek(), '!')) {
      pos += 1;
      return { kind: 'not', operand: parseUnary() };
    }
    return parseComparison();
  }
  function parseOperand() {
    const t = peek();
    if (!t) throw new ExpressionError('unexpected end of expression');
    if (t.type === 'literal') { pos += 1; return { kind: 'literal', value: t.value }; }
    if (t.type === 'path') { pos += 1; return { kind: 'path', path: t.value }; }
    if (t.type === '[') {
      pos += 1;
      const items = [];
      if (peek() && peek().type === ']') { pos += 1; return { kind: 'list', items }; }
      for (;;) {
        items.push(parseOperand());
        if (peek() && peek().type === ',') { pos += 1; continue; }
        expect(']');
        return { kind: 'list', items };
      }
    }
    if (t.type === '(') {
      pos += 1;
      const inner = parseOr();
      expect(')');
      return inner;
    }
    throw new ExpressionError('expected a value');
  }
  function parseComparison() {
    const left = parseOperand();
    const t = peek();
    let op = null;
    if (t && t.type === 'op' && ['==', '!=', '>', '<', '>=', '<='].includes(t.value)) {
      op = t.value; pos += 1;
    } else if (isKw(t, 'IN') || isKw(t, 'CONTAINS') || isKw(t, 'HAS')) {
      op = t.value; pos += 1;
    } else if (isKw(t, 'NOT') && isKw(peek(1), 'IN')) {
      op = 'NOT IN'; pos += 2;
    }
    if (!op) return { kind: 'truthy', operand: left };
    return { kind: 'cmp', op, left, right: parseOperand() };
  }

  const ast = parseOr();
  if (pos !== tokens.length) throw new ExpressionError('unexpected trailing input');
  return ast;
}

function lookup(obj, path) {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function sameValue(a, b) {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) return a === Number(b);
  if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a))) return Number(a) === b;
  return a === b;
}

function evaluate(node, attrs) {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'path': return lookup(attrs, node.path);
    case 'list': return node.items.map((n) => evaluate(n, attrs));
    case 'or': return Boolean(evaluate(node.left, attrs)) || Boolean(evaluate(node.right, attrs));
    case 'and': return Boolean(evaluate(node.left, attrs)) && Boolean(evaluate(node.right, attrs));
    case 'not': return !evaluate(node.operand, attrs);
    case 'truthy': {
      const v = evaluate(node.operand, attrs);
      return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
    }
    case 'cmp': {
      const l = evaluate(node.left, attrs);
      const r = evaluate(node.right, attrs);
      switch (node.op) {
        case '==': return sameValue(l, r);
        case '!=': return l !== undefined && !sameValue(l, r);
        case '>': case '<': case '>=': case '<=': {
          if (l === undefined || l === null || r === undefined || r === null) return false;
          const bothNumeric = !Number.isNaN(Number(l)) && !Number.isNaN(Number(r));
          const a = bothNumeric ? Number(l) : String(l);
          const b = bothNumeric ? Number(r) : String(r);
          if (node.op === '>') return a > b;
          if (node.op === '<') return a < b;
          if (node.op === '>=') return a >= b;
          return a <= b;
        }
        case 'IN': return Array.isArray(r) && r.some((x) => sameValue(l, x));
        case 'NOT IN': return l !== undefined && Array.isArray(r) && !r.some((x) => sameValue(l, x));
        case 'HAS': return Array.isArray(l) && l.some((x) => sameValue(x, r));
        case 'CONTAINS':
          if (Array.isArray(l)) return l.some((x) => sameValue(x, r));
          return typeof l === 'string' && r !== undefined && r !== null && l.includes(String(r));
        default: return false;
      }
    }
    default: return false;
  }
}

// Compiles an expression once; the returned predicate takes a parsed attributes object.
function compile(src) {
  const ast = parse(src);
  return (attrs) => Boolean(evaluate(ast, attrs || {}));
}

/** Whether an expression holds over a context; an expression that does not parse holds for nothing. */
function matches(expression, context) {
  try {
    return compile(String(expression))(context);
  } catch {
    return false;
  }
}

module.exports = { compile, matches, lookup, ExpressionError };
