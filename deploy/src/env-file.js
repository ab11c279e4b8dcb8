'use strict';
// The deploy's env file: KEY=value lines (# comments, optional quotes), as
// twilio-run reads the functions' .env. Every key that is not the deploy's own
// becomes an environment variable of the deployed functions.

const fs = require('node:fs');

function parseEnvFile(text) {
  const out = {};
  for (const [i, raw] of String(text).split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not KEY=value: ${line.slice(0, 60)}`);
    let value = m[2];
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

function readEnvFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the env file ${file}: ${err.message}`);
  }
  try {
    return parseEnvFile(text);
  } catch (err) {
    throw new Error(`${file}: ${err.message}`);
  }
}

module.exports = { parseEnvFile, readEnvFile };
