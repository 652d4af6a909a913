#!/usr/bin/env node
// The `collab` command: a thin launcher for the bundled CLI (built by `npm run build`).
// It keeps V8's code cache of dist/cli.js (1 MB) between runs, so a command does not parse and
// compile the bundle again: Node 22.1+ through module.enableCompileCache, Node 20 through a
// vm.Script's cachedData in the temp folder. ~15-30 ms of a ~180 ms `collab train --help` on the
// 2-core VM (bench/command-start.mjs, notes/fast-start.md). Any trouble with the cache: plain require.
'use strict';
const Module = require('node:module');
const bundle = require('node:path').join(__dirname, '..', 'dist', 'cli.js');

/** The bundle compiled through a vm.Script with a code cache keyed by V8 version and the bundle's size and mtime, ready to run. */
function compileWithCodeCache() {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const stat = fs.statSync(bundle);
  const dir = path.join(require('node:os').tmpdir(), 'collab-code-cache');
  const cacheFile = path.join(dir, `cli-${process.versions.v8}-${stat.size}-${Math.round(stat.mtimeMs)}.cache`);
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* first run */ }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // After the command ran: the cache then holds the functions it compiled lazily too.
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const temp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
      } catch { /* a read-only temp folder: no cache */ }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  const fn = script.runInThisContext();
  return () => fn.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

if (typeof Module.enableCompileCache === 'function') {
  Module.enableCompileCache();
  require(bundle);
} else {
  let run;
  try {
    run = compileWithCodeCache();
  } catch {
    run = () => require(bundle);
  }
  run();
}
