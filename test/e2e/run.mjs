#!/usr/bin/env node
// The real-VS-Code end-to-end suite: package the current tree as a .vsix, install it into a pinned
// code-server with `--install-extension` (as a user would), serve it on 127.0.0.1, then run the
// scenarios (node:test files driving Chromium through playwright-core) against it.
//
// Usage: npm run test:e2e [-- <scenario name filter>...]
//   E2E_VSIX=path.vsix   test that package instead of running `npm run package`
//   E2E_REUSE=1          (debugging) keep .e2e/work and its installed extension: no package, no install
// All state lives under .e2e/ (git-ignored): .e2e/cache (Node 24 + code-server, reused between runs)
// and .e2e/work (recreated each run: XDG dirs, TMPDIR, user data, extensions, generated workspaces).
// Screenshots go to test-output/e2e/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools, run } from './lib/install.mjs';
import { installVsix, startServer, workLayout } from './lib/server.mjs';
import { CHROMIUM_PATH } from './lib/versions.mjs';
import { summarizeProfiles } from './lib/host-profile.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = join(repo, '.e2e', 'cache');
const workDir = join(repo, '.e2e', 'work');
const outDir = join(repo, 'test-output', 'e2e');
const scenariosDir = join(repo, 'test', 'e2e', 'scenarios');
const t0 = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

async function timed(label, fn) {
  const t = Date.now();
  const result = await fn();
  log(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return result;
}

async function packageVsix() {
  if (process.env.E2E_VSIX) return resolve(process.env.E2E_VSIX);
  const { name, version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const vsix = join(repo, `${name}-${version}.vsix`);
  rmSync(vsix, { force: true });
  await run('npm', ['run', 'package'], { cwd: repo, label: 'npm run package' });
  if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

function scenarioFiles(filters) {
  const all = readdirSync(scenariosDir).filter((f) => f.endsWith('.test.mjs')).sort();
  const chosen = filters.length ? all.filter((f) => filters.some((w) => f.includes(w))) : all;
  return chosen.map((f) => join(scenariosDir, f));
}

/** Whole-suite watchdog: well under CI's budget, so a hang fails fast instead of eating the 90 minutes. */
const SUITE_TIMEOUT_MS = 20 * 60_000;

function runScenarios(files, env) {
  return new Promise((resolvePromise) => {
    // One file at a time: the machine may have 2 cores and every scenario drives one browser + one server.
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=300000',
      '--test-reporter=spec', ...files], { env, stdio: 'inherit', cwd: repo });
    const watchdog = setTimeout(() => {
      console.error(`[e2e] scenarios still running after ${SUITE_TIMEOUT_MS / 60_000} min: stopping them`);
      child.kill('SIGKILL');
    }, SUITE_TIMEOUT_MS);
    child.on('close', (code) => { clearTimeout(watchdog); resolvePromise(code ?? 1); });
  });
}

async function main() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  const files = scenarioFiles(process.argv.slice(2));
  if (!files.length) throw new Error('no scenario matches the filter');
  rmSync(outDir, { recursive: true, force: true }); // screenshots of this run only
  mkdirSync(outDir, { recursive: true });
  const reuse = process.env.E2E_REUSE === '1' && existsSync(workDir);
  if (!reuse) rmSync(workDir, { recursive: true, force: true });

  const [{ codeServer, env24 }, vsix] = await Promise.all([
    timed('tools (node 24 + code-server, cached in .e2e/cache)', () => ensureTools(cacheDir, log)),
    reuse ? process.env.E2E_VSIX ?? join(repo, 'collab-0.1.0.vsix') : timed('package (npm run package)', packageVsix),
  ]);
  const layout = workLayout(workDir, env24);
  // The extension samples its host's event loop into this folder (src/extension/host-health.ts).
  const healthDir = join(outDir, 'host-health');
  mkdirSync(healthDir, { recursive: true });
  layout.env.COLLAB_HOST_HEALTH_DIR = healthDir;
  layout.env.COLLAB_HOST_PROFILE_DIR = healthDir;
  if (!reuse) await timed(`install ${vsix.slice(repo.length + 1)}`, () => installVsix(codeServer, layout, vsix));
  const server = await timed('server start', () => startServer(codeServer, layout));
  const stopOnSignal = (sig) => { server.stop().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143)); };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  log(`code-server at ${server.url} (pid group ${server.pid}); log ${layout.dirs.log}`);
  let code = 1;
  try {
    code = await timed('scenarios', () => runScenarios(files, {
      ...process.env,
      E2E_URL: server.url,
      E2E_REPO: repo,
      E2E_VSIX: vsix,
      E2E_WORK: workDir,
      E2E_WORKSPACES: layout.dirs.workspaces,
      E2E_USER_DATA: layout.dirs.userData,
      E2E_EXTENSIONS: layout.dirs.extensions,
      E2E_OUT: outDir,
      CHROMIUM_PATH,
    }));
  } finally {
    await server.stop();
  }
  try {
    reportHostHealth(healthDir);
  } catch (error) {
    log(`host health: could not summarise (${error.message})`); // a report, never a failure
  }
  if (code !== 0) {
    const tail = readFileSync(layout.dirs.log, 'utf8').split('\n').slice(-25).join('\n');
    console.error(`[e2e] last lines of ${layout.dirs.log}:\n${tail}`);
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; screenshots in ${outDir.slice(repo.length + 1)}`);
  process.exitCode = code;
}

/**
 * The extension hosts' worst event-loop delays over the scenarios (figures, not pass/fail: timings
 * belong in reports). They include VS Code's own work in the host (built-in extensions starting),
 * so they bound Collab's blocking from above.
 */
function reportHostHealth(dir) {
  const hosts = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  if (!hosts.length) { log('host health: no samples (the extension wrote none)'); return; }
  const samples = hosts.flatMap((h) => h.samples.map((s) => ({ ...s, pid: h.pid })));
  const worst = samples.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
  const over = samples.filter((s) => s.maxMs > 50).length;
  const summary = { hosts: hosts.length, samples: samples.length, worstMs: worst.maxMs, worstAt: worst.at, intervalsOver50Ms: over, samplesByHost: hosts };
  const collab = summarizeProfiles(dir);
  summary.collabInHost = collab;
  writeFileSync(join(outDir, 'host-health.json'), `${JSON.stringify(summary, null, 1)}\n`);
  const longest = collab.longest[0];
  log(`host profile: ${collab.profiles} CPU profiles, Collab's code on ${collab.collabSamples} of ${collab.totalSamples} samples; `
    + `longest stretch in Collab's code ${longest ? `${longest.ms} ms wall, ${longest.cpuMs} ms sampled (${longest.top.join(', ')})` : 'none'}; `
    + `most sampled: ${collab.longestByCpu[0] ? `${collab.longestByCpu[0].cpuMs} ms in ${collab.longestByCpu[0].ms} ms wall` : 'none'}; `
    + `next: ${collab.longest.slice(1, 5).map((s) => `${s.ms} ms`).join(', ')}`);
  log(`host health: ${hosts.length} extension host(s), ${samples.length} samples of ${hosts[0].intervalMs / 1000} s; worst event-loop delay ${worst.maxMs} ms at ${worst.at}; ${over} interval(s) over 50 ms; p99s ${samples.map((s) => s.p99Ms).join(' ')}`);
}

main().catch((err) => {
  console.error(`[e2e] ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
