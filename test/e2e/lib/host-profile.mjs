// Reads the extension hosts' CPU profiles (src/extension/host-profile.ts) and finds the longest
// stretches the host's thread spent inside Collab's code: consecutive samples whose stack has a
// frame from the installed extension's dist/extension.js. A stretch's length is the wall time from
// its first sample to the first sample outside Collab (so it includes any time the OS took the
// core away: an upper bound of what Collab cost the host at that moment).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** True for frames of Collab's extension bundle (not the run service's worker: another thread). */
const isCollabUrl = (url) => /collab[^/]*\/dist\/extension\.js$/.test(url ?? '');

/** The stretches of one profile, longest first: { ms, samples, top } (top: Collab's innermost function). */
export function collabStretches(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  /** The innermost Collab frame on the node's stack, or null. */
  const collabFrame = (id) => {
    if (memo.has(id)) return memo.get(id);
    const node = byId.get(id);
    const found = isCollabUrl(node.callFrame.url) ? (node.callFrame.functionName || '(anonymous)') : parent.has(id) ? collabFrame(parent.get(id)) : null;
    memo.set(id, found);
    return found;
  };
  const stretches = [];
  let current;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const frame = collabFrame(profile.samples[i]);
    if (frame) {
      if (!current) current = { start: t, samples: 0, top: new Map() };
      current.samples++;
      current.top.set(frame, (current.top.get(frame) ?? 0) + 1);
    } else if (current) {
      stretches.push(close(current, t));
      current = undefined;
    }
  }
  if (current) stretches.push(close(current, profile.endTime));
  return stretches.sort((a, b) => b.ms - a.ms);
}

function close(stretch, end) {
  const top = [...stretch.top].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, n]) => `${name} (${n})`);
  // cpuMs: samples x the profiler's interval (src/extension/host-profile.ts samples every 0.5 ms);
  // a stretch with few samples but a long wall time is the OS taking the core, not Collab's work.
  return { ms: Math.round((end - stretch.start) / 100) / 10, cpuMs: stretch.samples * 0.5, samples: stretch.samples, at: stretch.start, top };
}

/** Every profile in `dir`: the longest Collab stretches overall and the CPU time Collab used. */
export function summarizeProfiles(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const all = [];
  let collabSamples = 0;
  let totalSamples = 0;
  let unreadable = 0;
  for (const f of files) {
    let profile;
    try {
      profile = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch {
      unreadable++; // a host killed while writing (older builds wrote in place)
      continue;
    }
    totalSamples += profile.samples.length;
    for (const s of collabStretches(profile)) {
      collabSamples += s.samples;
      all.push({ file: f, ...s });
    }
  }
  all.sort((a, b) => b.ms - a.ms);
  const byCpu = [...all].sort((a, b) => b.cpuMs - a.cpuMs);
  return { longestByCpu: byCpu.slice(0, 5), profiles: files.length - unreadable, unreadable, totalSamples, collabSamples, longest: all.slice(0, 10) };
}
