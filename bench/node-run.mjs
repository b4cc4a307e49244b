// node-run.mjs - runs a wasm32-wasi command module under Node's WASI.
//
//   node bench/node-run.mjs program.wasm [args...]
//
// The program sees argv = [program.wasm, args...], no environment and no
// directories: the benchmarks only write to stdout. The exit status is the
// program's.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const [file, ...args] = argv.slice(2);
if (!file) {
  console.error('usage: node node-run.mjs program.wasm [args...]');
  exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {},
                        returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
