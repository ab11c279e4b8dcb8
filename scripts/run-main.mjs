// Runs a generator's main(argv) when its module is the one node was started
// with (not when a test imports it), turning a thrown error into a message and
// exit status 1.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function runIfMain(moduleUrl, main) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
