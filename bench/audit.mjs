#!/usr/bin/env node
// Supply-chain check of the runtime dependencies (what the VSIX and CLI ship):
//   node bench/audit.mjs [--json]
// 1. `npm audit --omit=dev --json`: every high or critical advisory in a runtime package must be
//    explained in EXPLAINED below, or the script exits 1. `npm audit` reads package-lock.json, so it
//    also reports optional packages that are not installed (the @tensorflow/tfjs-node subtree).
//    If the audit endpoint cannot be reached (offline, or a registry mirror without the audit API:
//    here it answers 405), it says so, points at the manual audit in bench/supply-chain.md, and
//    exits 2 unless step 4 finds something unexplained (then 1).
// 2. Lists the runtime dependency tree (offline, from node_modules) and the packages in it that run
//    install scripts, so a reviewer sees what `npm ci --omit=dev` would execute.
// 3. Lists what actually ships: every node_modules package esbuild puts into each bundle (metafiles
//    of the same entries as build.mjs), with the installed version.
// 4. Re-checks the manual audit offline: every advisory in ADVISORIES (found by hand, sources in
//    bench/supply-chain.md) against every locked version of its package.
// Writes bench/results/audit.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asJson = process.argv.includes('--json');
const manualAudit = 'bench/supply-chain.md';

/**
 * Advisories judged harmless for how Collab uses the package: package name -> why.
 * All four are the optional @tensorflow/tfjs-node subtree: npm audit reports them from the lockfile
 * (tar 6.2.1 and adm-zip 0.5.18 are below every fixed release), but nothing there is installed here,
 * bundled, or shipped (the VSIX is built with --no-dependencies; no source file imports tfjs-node).
 */
const TFJS_NODE_ONLY = 'optional @tensorflow/tfjs-node subtree, run only at install time to unpack the libtensorflow '
  + 'archive and prebuilt addon that tfjs-node downloads from storage.googleapis.com; Collab never imports tfjs-node, no bundle contains it, '
  + 'the VSIX ships no node_modules. Removing @tensorflow/tfjs(-node) from package.json removes the finding.';
const EXPLAINED = {
  tar: TFJS_NODE_ONLY,
  'adm-zip': TFJS_NODE_ONLY,
  '@mapbox/node-pre-gyp': `via tar. ${TFJS_NODE_ONLY}`,
  '@tensorflow/tfjs-node': `via tar and adm-zip. ${TFJS_NODE_ONLY}`,
};

/**
 * The manual audit (bench/supply-chain.md): advisories checked by hand for the packages we lock, with
 * the first fixed release on the line we use (a version below it is affected). Re-checked offline here
 * so a downgrade or a new lockfile cannot silently reintroduce one. Not a substitute for npm audit:
 * it only knows what was looked up on the date in supply-chain.md.
 */
const ADVISORIES = [
  // vega expression sandbox escapes (XSS); Collab runs vega with the AST interpreter under a strict CSP.
  { pkg: 'vega', id: 'GHSA-r2qc-w64x-6j54', fixedIn: '5.17.3' },
  { pkg: 'vega', id: 'GHSA-4vq7-882g-wcg4', fixedIn: '5.23.0' },
  { pkg: 'vega-functions', id: 'GHSA-4vq7-882g-wcg4', fixedIn: '5.13.1' },
  { pkg: 'vega', id: 'GHSA-w5m3-xh75-mp55', fixedIn: '5.23.0' },
  { pkg: 'vega-functions', id: 'GHSA-w5m3-xh75-mp55', fixedIn: '5.13.1' },
  { pkg: 'vega', id: 'CVE-2025-25304', fixedIn: '5.26.0' },
  { pkg: 'vega-selections', id: 'CVE-2025-25304', fixedIn: '5.4.2' },
  { pkg: 'vega', id: 'GHSA-rcw3-wmx7-cphr', fixedIn: '5.31.0' },
  { pkg: 'vega-functions', id: 'GHSA-rcw3-wmx7-cphr', fixedIn: '5.16.0' },
  { pkg: 'vega', id: 'GHSA-963h-3v39-3pqf', fixedIn: '5.32.0' },
  { pkg: 'vega-functions', id: 'GHSA-963h-3v39-3pqf', fixedIn: '5.17.0' },
  { pkg: 'vega', id: 'GHSA-7f2v-3qq3-vvjf', fixedIn: '6.2.0' },
  { pkg: 'vega-expression', id: 'GHSA-7f2v-3qq3-vvjf', fixedIn: '6.1.0' },
  { pkg: 'vega-interpreter', id: 'GHSA-7f2v-3qq3-vvjf', fixedIn: '2.2.1' },
  { pkg: 'vega-selections', id: 'GHSA-829q-m3qg-ph8r', fixedIn: '6.1.2' },
  { pkg: 'vega-functions', id: 'GHSA-m9rg-mr6g-75gm', fixedIn: '6.1.1' },
  // Other shipped packages.
  { pkg: 'd3-color', id: 'GHSA-36jr-mh4h-2g58', fixedIn: '3.1.0' },
  { pkg: 'fast-json-patch', id: 'GHSA-8gh8-hqwg-xf34', fixedIn: '3.1.1' },
  { pkg: 'csv-parse', id: 'GHSA-582f-p4pg-xc74', fixedIn: '4.4.6' },
  { pkg: 'csv-parse', id: 'GHSA-8cw4-87c7-c6xx', fixedIn: '7.0.2' },
  // Runtime tree that does not ship (@tensorflow/tfjs and the optional tfjs-node).
  { pkg: 'form-data', id: 'GHSA-fjxv-7rqg-78g4', fixedIn: '4.0.4' },
  { pkg: 'form-data', id: 'GHSA-hmw2-7cc7-3qxx', fixedIn: '4.0.6' },
  { pkg: 'node-fetch', id: 'GHSA-r683-j2x4-v87g', fixedIn: '2.6.7' },
  { pkg: 'https-proxy-agent', id: 'GHSA-pc5p-h8pf-mvwp', fixedIn: '2.2.3' },
  { pkg: 'tar', id: 'GHSA-8qq5-rm4j-mr97', fixedIn: '7.5.3' },
  { pkg: 'tar', id: 'GHSA-34x7-hfp2-rc4v', fixedIn: '7.5.7' },
  { pkg: 'tar', id: 'GHSA-qffp-2rhf-9h96', fixedIn: '7.5.10' },
  { pkg: 'tar', id: 'GHSA-9ppj-qmqm-q256', fixedIn: '7.5.11' },
  { pkg: 'adm-zip', id: 'GHSA-xcpc-8h2w-3j85', fixedIn: '0.5.18' },
  { pkg: 'adm-zip', id: 'GHSA-rcw4-f5rp-g42v', fixedIn: '0.6.1' },
  { pkg: 'adm-zip', id: 'GHSA-c6fg-446q-cg94', fixedIn: '0.6.1' },
  { pkg: 'adm-zip', id: 'GHSA-7q85-xj36-vmfc', fixedIn: '0.6.1' },
  { pkg: 'brace-expansion', id: 'GHSA-mh99-v99m-4gvg', fixedIn: '1.1.17' },
  { pkg: 'minimatch', id: 'GHSA-3ppc-4f35-3m26', fixedIn: '3.1.3' },
];

/** Versions published by the September 2025 npm account takeover (malware, since unpublished). */
const COMPROMISED = {
  debug: '4.4.2', chalk: '5.6.1', 'ansi-styles': '6.2.2', 'supports-color': '10.2.1', 'strip-ansi': '7.1.1',
  'ansi-regex': '6.2.1', 'wrap-ansi': '9.0.1', 'color-convert': '3.1.1', 'color-name': '2.0.1',
  'is-arrayish': '0.3.3', 'slice-ansi': '7.1.1', color: '5.0.1', 'color-string': '2.1.1', 'simple-swizzle': '0.2.3',
  'supports-hyperlinks': '4.1.1', 'has-ansi': '6.0.1', 'chalk-template': '1.1.1', backslash: '0.2.1',
};

/** The bundles build.mjs makes (keep in step with it): name, entry, platform. */
const BUNDLES = [
  { name: 'dist/extension.js', entry: 'src/extension/extension.ts', platform: 'node' },
  { name: 'dist/trainer.js', entry: 'src/trainer/main.ts', platform: 'node' },
  { name: 'dist/run-worker.js', entry: 'src/run-service/worker.ts', platform: 'node' },
  { name: 'dist/cli.js', entry: 'src/cli/main.ts', platform: 'node' },
  { name: 'dist/webview/panel.js', entry: 'webview/src/main.ts', platform: 'browser' },
];

function npm(args) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function parse(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

/** Compares two x.y.z versions (pre-release tags ignored): negative, zero or positive. */
function compareVersions(a, b) {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Package name of a node_modules path (`a/node_modules/@s/p/x.js` -> `@s/p`), and its folder. */
function packageOf(path) {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  return { name, dir: path.slice(0, at + 'node_modules/'.length) + name };
}

// ---- 1. npm audit ----
const audit = npm(['audit', '--omit=dev', '--json']);
const report = parse(audit.stdout);
let auditStatus;
const findings = [];
if (!report || report.error || report.statusCode || !report.vulnerabilities) {
  const why = report?.message ?? report?.error?.summary ?? (audit.stderr.trim().split('\n').pop() || 'no JSON from npm audit');
  auditStatus = { ran: false, why, manualAudit };
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

// ---- 3. what ships: node_modules packages inside each bundle ----
const shipped = new Map(); // name@version -> bundles
const bundles = [];
for (const b of BUNDLES) {
  if (!existsSync(join(root, b.entry))) { bundles.push({ bundle: b.name, missing: b.entry }); continue; }
  const result = await esbuild.build({
    absWorkingDir: root, entryPoints: [b.entry], bundle: true, write: false, metafile: true, logLevel: 'silent',
    platform: b.platform, format: b.platform === 'node' ? 'cjs' : 'iife', outfile: join(root, 'out', 'audit', `${b.name}`),
    external: ['vscode', '@tensorflow/tfjs-node', 'playwright-core'], loader: { '.wasm': 'binary', '.css': 'empty' },
  });
  const inBundle = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const p = packageOf(input);
    if (!p) continue;
    const version = parse(readFileSync(join(root, p.dir, 'package.json'), 'utf8'))?.version ?? '?';
    inBundle.add(`${p.name}@${version}`);
  }
  for (const key of inBundle) shipped.set(key, [...(shipped.get(key) ?? []), b.name]);
  bundles.push({ bundle: b.name, packages: [...inBundle].sort() });
}

// ---- 4. the manual audit, re-checked against every locked version ----
const locked = new Map(); // name -> [{ version, dev, optional, installed }]
for (const [path, p] of Object.entries(lock.packages ?? {})) {
  const pkg = path && packageOf(path);
  if (!pkg || !p.version) continue;
  const entry = { version: p.version, dev: Boolean(p.dev), optional: Boolean(p.optional), installed: existsSync(join(root, path, 'package.json')) };
  locked.set(pkg.name, [...(locked.get(pkg.name) ?? []), entry]);
}
const manual = [];
for (const a of ADVISORIES) {
  const seen = new Set();
  for (const l of (locked.get(a.pkg) ?? []).filter((x) => !x.dev)) {
    if (seen.has(l.version)) continue;
    seen.add(l.version);
    const affected = compareVersions(l.version, a.fixedIn) < 0;
    manual.push({
      package: a.pkg, version: l.version, advisory: a.id, fixedIn: a.fixedIn, affected,
      installed: l.installed, shipped: shipped.get(`${a.pkg}@${l.version}`) ?? [],
      explained: affected ? EXPLAINED[a.pkg] : undefined,
    });
  }
}
const compromised = Object.entries(lock.packages ?? {})
  .filter(([path, p]) => path && COMPROMISED[packageOf(path)?.name] === p.version)
  .map(([path, p]) => `${path}@${p.version}`);
const manualUnexplained = manual.filter((m) => m.affected && !m.explained);

const result = {
  date: new Date().toISOString(),
  audit: auditStatus,
  highOrCritical: findings,
  unexplained: findings.filter((f) => !f.explained).map((f) => f.name),
  runtimePackages: [...packages.keys()].sort(),
  installScripts,
  bundles,
  manualAudit: { document: manualAudit, checks: manual, affected: manual.filter((m) => m.affected), unexplained: manualUnexplained },
  compromisedVersions: compromised,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'audit.json'), `${JSON.stringify(result, null, 2)}\n`);

if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`Runtime dependencies: ${packages.size} packages (${Object.keys(tree.dependencies ?? {}).join(', ')}).`);
  console.log(`Install scripts in runtime packages: ${installScripts.map((s) => `${s.package}@${s.version}${s.optional ? ' (optional)' : ''}`).join(', ') || 'none'}.`);
  for (const b of bundles) {
    console.log(b.missing ? `${b.bundle}: entry ${b.missing} not found` : `${b.bundle}: ${b.packages.length} packages${b.packages.length ? ` (${b.packages.join(', ')})` : ''}`);
  }
  if (!auditStatus.ran) {
    console.log(`npm audit could not run here: ${auditStatus.why}`);
    console.log(`  The manual audit of what ships is ${manualAudit}; rerun this script where the audit endpoint answers.`);
  } else {
    const c = auditStatus.counts ?? {};
    console.log(`npm audit (runtime only): critical ${c.critical ?? 0}, high ${c.high ?? 0}, moderate ${c.moderate ?? 0}, low ${c.low ?? 0}.`);
    for (const f of findings) console.log(`  ${f.severity.padEnd(8)} ${f.name} ${f.range}: ${f.via}${f.explained ? `\n           explained: ${f.explained}` : '   <- UNEXPLAINED'}`);
  }
  const affected = manual.filter((m) => m.affected);
  console.log(`Manual advisory list (${manualAudit}): ${manual.length} checks, ${affected.length} affected, ${manualUnexplained.length} unexplained.`);
  for (const m of affected) {
    console.log(`  ${m.package}@${m.version} < ${m.fixedIn} (${m.advisory}), ${m.installed ? 'installed' : 'locked, not installed'}, ${m.shipped.length ? `ships in ${m.shipped.join(', ')}` : 'not shipped'}${m.explained ? '' : '   <- UNEXPLAINED'}`);
  }
  console.log(`Known-compromised versions (Sept 2025 npm takeover) in the lockfile: ${compromised.join(', ') || 'none'}.`);
}
const broken = result.unexplained.length > 0 || manualUnexplained.length > 0 || compromised.length > 0;
process.exitCode = broken ? 1 : !auditStatus.ran ? 2 : 0;
