// Writes libFuzzer's seed corpus from the golden vectors: one file per case,
// "<decision>\n<input text>", so fuzzing starts from inputs every decision reads.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const vectors = join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors');
const out = process.argv[2];
if (!out) throw new Error('usage: node tests/fuzz/seed-corpus.mjs <corpus folder>');
mkdirSync(out, { recursive: true });
let n = 0;
for (const decision of readdirSync(vectors)) {
  for (const file of readdirSync(join(vectors, decision)).filter((f) => f.endsWith('.json'))) {
    for (const spec of JSON.parse(readFileSync(join(vectors, decision, file), 'utf8'))) {
      let text;
      if (spec.inputText === undefined) text = JSON.stringify(spec.input);
      else if (typeof spec.inputText === 'string') text = spec.inputText;
      else continue;  // recipes for huge inputs are not worth mutating
      writeFileSync(join(out, `seed-${String(n++).padStart(4, '0')}`), `${decision}\n${text}`);
    }
  }
}
console.log(`fuzz: ${n} seeds in ${out}`);
