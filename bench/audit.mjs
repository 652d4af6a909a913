#!/usr/bin/env node
// Supply-chain check of the runtime dependencies (what the VSIX and CLI ship):
//   node bench/audit.mjs [--json]
// 1. `npm audit --omit=dev --json`: every high or critical advisory in a runtime package must be
//    explained in EXPLAINED below, or the script exits 1. If the audit endpoint cannot be reached
//    (offline, or a registry mirror without the audit API), it says so and exits 2: run it elsewhere.
// 2. Lists the runtime dependency tree (offline, from node_modules) and the packages in it that run
//    install scripts, so a reviewer sees what `npm ci --omit=dev` would execute.
// Writes bench/results/audit.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asJson = process.argv.includes('--json');

/** Advisories judged harmless for how Collab uses the package: package name -> why. */
const EXPLAINED = {
  // Example shape: 'some-package': 'only used to parse our own bundled files, never user input',
};

function npm(args) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function parse(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

// ---- 1. npm audit ----
const audit = npm(['audit', '--omit=dev', '--json']);
const report = parse(audit.stdout);
let auditStatus;
const findings = [];
if (!report || report.error || report.statusCode || !report.vulnerabilities) {
  const why = report?.message ?? report?.error?.summary ?? (audit.stderr.trim().split('\n').pop() || 'no JSON from npm audit');
  auditStatus = { ran: false, why };
} else {
  for (const [name, v] of Object.entries(report.vulnerabilities)) {
    if (v.severity !== 'high' && v.severity !== 'critical') continue;
    const via = v.via.map((x) => (typeof x === 'string' ? `via ${x}` : `${x.title} (${x.url})`)).join('; ');
    findings.push({ name, severity: v.severity, range: v.range, via, fixAvailable: v.fixAvailable, explained: EXPLAINED[name] });
  }
  auditStatus = { ran: true, counts: report.metadata?.vulnerabilities };
}

// ---- 2. runtime tree and install scripts (offline) ----
const tree = parse(npm(['ls', '--omit=dev', '--all', '--json']).stdout) ?? {};
const packages = new Map();
(function walk(deps) {
  for (const [name, d] of Object.entries(deps ?? {})) {
    if (!d.version || packages.has(`${name}@${d.version}`)) continue;
    packages.set(`${name}@${d.version}`, { name, version: d.version });
    walk(d.dependencies);
  }
})(tree.dependencies);
const lock = parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) ?? {};
const installScripts = Object.entries(lock.packages ?? {})
  .filter(([path, p]) => path && p.hasInstallScript && !p.dev)
  .map(([path, p]) => ({ package: path.replace(/^.*node_modules\//, ''), version: p.version, optional: Boolean(p.optional) }));

const result = {
  date: new Date().toISOString(),
  audit: auditStatus,
  highOrCritical: findings,
  unexplained: findings.filter((f) => !f.explained).map((f) => f.name),
  runtimePackages: [...packages.keys()].sort(),
  installScripts,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'audit.json'), `${JSON.stringify(result, null, 2)}\n`);

if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`Runtime dependencies: ${packages.size} packages (${Object.keys(tree.dependencies ?? {}).join(', ')}).`);
  console.log(`Install scripts in runtime packages: ${installScripts.map((s) => `${s.package}@${s.version}${s.optional ? ' (optional)' : ''}`).join(', ') || 'none'}.`);
  if (!auditStatus.ran) {
    console.log(`npm audit could not run here: ${auditStatus.why}`);
  } else {
    const c = auditStatus.counts ?? {};
    console.log(`npm audit (runtime only): critical ${c.critical ?? 0}, high ${c.high ?? 0}, moderate ${c.moderate ?? 0}, low ${c.low ?? 0}.`);
    for (const f of findings) console.log(`  ${f.severity.padEnd(8)} ${f.name} ${f.range}: ${f.via}${f.explained ? `\n           explained: ${f.explained}` : '   <- UNEXPLAINED'}`);
  }
}
process.exitCode = !auditStatus.ran ? 2 : result.unexplained.length > 0 ? 1 : 0;
