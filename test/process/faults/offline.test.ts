/**
 * No network at run time: the main CLI paths (inspect, train with its trainer child, neighbours,
 * biases, pca, predict, recommend, export) run with every way out blocked by a NODE_OPTIONS
 * preload (net/tls/dns/http/https/fetch throw and log the attempt), and all succeed with no
 * attempt logged. A control run proves the preload does block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, NEEDS_BUILD, ratingsFile } from './helpers';

const PRELOAD = `
const fs = require('node:fs');
const log = process.env.COLLAB_NET_LOG;
function blocked(what) {
  return function () {
    fs.appendFileSync(log, process.pid + ' ' + what + '\\n');
    throw new Error('network access blocked in this test: ' + what);
  };
}
const net = require('node:net'), tls = require('node:tls'), dns = require('node:dns');
const http = require('node:http'), https = require('node:https');
net.connect = net.createConnection = blocked('net.connect');
net.Socket.prototype.connect = blocked('net.Socket.connect');
tls.connect = blocked('tls.connect');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[name] = blocked('dns.' + name);
  dns.promises[name] = blocked('dns.promises.' + name);
}
http.request = http.get = blocked('http.request');
https.request = https.get = blocked('https.request');
globalThis.fetch = blocked('fetch');
`;

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, cwd, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('the main CLI paths work with the network blocked, and never try it', { skip: NEEDS_BUILD, timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-offline-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = ratingsFile(dir, 'small');
  const itemsFile = join(dir, 'movies.csv');
  const preload = join(dir, 'no-network.cjs');
  const log = join(dir, 'network-attempts.log');
  writeFileSync(preload, PRELOAD);
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(), COLLAB_NET_LOG: log };

  // Control: the preload really blocks.
  const control = spawnSync(process.execPath, ['-e', "fetch('http://127.0.0.1:9/').catch(() => process.exit(3))"], { env, encoding: 'utf8' });
  assert.notEqual(control.status, 0, 'the control fetch must fail');
  assert.ok(existsSync(log) && /fetch/.test(readFileSync(log, 'utf8')), 'the preload logged the control attempt');
  rmSync(log);

  // Runs go to ./.collab/runs beside the file (the working folder), where the analysis commands look.
  const steps: [string, string[]][] = [
    ['inspect', ['inspect', file, '--items', itemsFile]],
    ['train', ['train', file, '--items', itemsFile, '--epochs', '1', '--factors', '8']],
    ['neighbours', ['neighbours', 'Classic', '-k', '5']],
    ['biases', ['biases']],
    ['pca', ['pca', '--top-rated', '100']],
    ['predict', ['predict', '1', '10']],
    ['recommend', ['recommend', '1']],
    ['export', ['export', '--format', 'tsv', '--out', join(dir, 'export')]],
  ];
  for (const [name, args] of steps) {
    const r = run(args, env, dir);
    assert.equal(r.status, 0, `collab ${name} exited ${r.status}:\n${r.out.slice(-1500)}`);
  }
  assert.ok(!existsSync(log), `network attempts: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
});
