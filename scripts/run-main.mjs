// Runs a generator's main(argv) when its module is the one node was started
// with (not when a test imports it), turning a thrown error into a message and
// exit status 1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function runIfMain(moduleUrl, main) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}

/**
 * The main of a generator that writes one file of the repository from a
 * machine database: `--check` writes nothing and fails when the file differs,
 * `--root <dir>` names the repository, any other `--flag value` reaches
 * `generate(option)`. `source` names the database in the stale message.
 */
export function singleFileMain({ moduleUrl, target, generate, source }) {
  return (argv) => {
    const check = argv.includes('--check');
    const option = (flag) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
    const root = option('--root') ? resolve(option('--root')) : resolve(dirname(fileURLToPath(moduleUrl)), '..');
    const file = join(root, target);
    const text = generate(option);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        const script = relative(root, fileURLToPath(moduleUrl));
        process.stderr.write(`${target} is stale: it differs from what ${source} gives. Run "node ${script}".\n`);
        return 1;
      }
      return 0;
    }
    writeFileSync(file, text);
    return 0;
  };
}
