// Starts code-server on 127.0.0.1 with every bit of its state inside one work folder, and stops its
// whole process group (server, extension host, trainers they fork, file watchers) afterwards.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { run } from './install.mjs';

/** Settings that keep the workbench quiet and predictable for screenshots. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
};

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The environment and folder layout for one work folder: nothing goes to $HOME or /tmp. */
export function workLayout(workDir, env24) {
  const dirs = {
    work: workDir,
    userData: join(workDir, 'user-data'),
    extensions: join(workDir, 'extensions'),
    workspaces: join(workDir, 'workspaces'),
    config: join(workDir, 'config.yaml'),
    log: join(workDir, 'server.log'),
  };
  const xdgConfig = join(workDir, 'xdg', 'config');
  const xdgData = join(workDir, 'xdg', 'data');
  const tmp = join(workDir, 'tmp');
  for (const d of [dirs.userData, join(dirs.userData, 'User'), dirs.extensions, dirs.workspaces, xdgConfig, xdgData, tmp]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  // code-server writes ~/.config/code-server, ~/.local/share/code-server and /tmp/vscode-*.sock: redirect all.
  const env = { ...env24, XDG_CONFIG_HOME: xdgConfig, XDG_DATA_HOME: xdgData, TMPDIR: tmp, HOME: process.env.HOME };
  delete env.VSCODE_IPC_HOOK_CLI;
  return { dirs, env };
}

function baseArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** Installs a .vsix the way a user would (`--install-extension`), into the work folder's extensions dir. */
export async function installVsix(codeServer, layout, vsixPath) {
  writeFileSync(layout.dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return run(codeServer, [...baseArgs(layout.dirs), '--install-extension', vsixPath, '--force'],
    { env: layout.env, label: 'code-server --install-extension' });
}

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server not healthy after ${timeoutMs} ms`);
}

/** Starts the server in its own process group; `stop()` ends the group (TERM, then KILL). */
export async function startServer(codeServer, layout) {
  const port = await freePort();
  writeFileSync(layout.dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const out = openSync(layout.dirs.log, 'a');
  const child = spawn(codeServer, [...baseArgs(layout.dirs), '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override'],
  { env: layout.env, detached: true, stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((r) => child.once('exit', r));
  // Last resort: whatever way this process ends (uncaught error, exit()), end the server's group too.
  const killOnExit = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  const stop = async () => {
    const signalGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    signalGroup('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 5000))]);
    // The leader may exit before its children: always KILL the group last so nothing is left behind.
    signalGroup('SIGKILL');
    process.removeListener('exit', killOnExit);
    return !timedOut;
  };
  try {
    await waitHealthy(url, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, pid: child.pid, stop };
}
