import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadToFile } from '../../../src/extension/download/http-download';
import { fetchMovieLens100k } from '../../../src/extension/download/movielens';
import { buildZip, movieLensLikeZip } from './zip-fixture';

/** A local HTTP server with a few routes: the zip, a redirect, a truncated body, a 404. */
async function serve(routes: Record<string, (res: import('node:http').ServerResponse) => void>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route) route(res);
    else { res.statusCode = 404; res.end('not found'); }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

test('MovieLens download: fetch, verify MD5, unpack, via a redirect; refuses a second time', async (t) => {
  const zip = movieLensLikeZip();
  const { server, base } = await serve({
    '/ml-100k.zip': (res) => { res.setHeader('content-length', zip.length); res.end(zip); },
    '/old': (res) => { res.statusCode = 302; res.setHeader('location', '/ml-100k.zip'); res.end(); },
  });
  const dir = mkdtempSync(join(tmpdir(), 'collab-dl-'));
  t.after(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

  const progress: number[] = [];
  const got = await fetchMovieLens100k({ url: `${base}/old`, destDir: dir, expectedMd5: md5(zip), onProgress: (r) => progress.push(r) });
  assert.equal(got.md5, md5(zip));
  assert.equal(got.bytes, zip.length);
  assert.equal(progress.at(-1), zip.length);
  assert.match(readFileSync(got.ratingsFile, 'utf8'), /^196\t242\t3\t881250949\n/);
  assert.match(readFileSync(got.itemsFile, 'latin1'), /Kolya \(1996\)/);
  assert.deepEqual(readdirSync(join(dir, 'ml-100k')).sort(), ['README', 'u.data', 'u.item']);
  assert.deepEqual(readdirSync(dir), ['ml-100k'], 'no zip or staging folder left behind');

  await assert.rejects(fetchMovieLens100k({ url: `${base}/ml-100k.zip`, destDir: dir }), /already exists/);
});

test('MovieLens download: a wrong MD5, a 404, a truncated body or a foreign zip leave nothing behind', async (t) => {
  const zip = movieLensLikeZip();
  const foreign = buildZip([{ name: 'other/ratings.csv', data: 'a,b,c\n' }]);
  const { server, base } = await serve({
    '/ml-100k.zip': (res) => res.end(zip),
    '/short.zip': (res) => { res.setHeader('content-length', zip.length + 100); res.write(zip.subarray(0, 100)); res.destroy(); },
    '/foreign.zip': (res) => res.end(foreign),
  });
  const dir = mkdtempSync(join(tmpdir(), 'collab-dl-'));
  t.after(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

  await assert.rejects(fetchMovieLens100k({ url: `${base}/ml-100k.zip`, destDir: dir, expectedMd5: '0'.repeat(32) }), /MD5/);
  await assert.rejects(fetchMovieLens100k({ url: `${base}/missing.zip`, destDir: dir }), /HTTP 404/);
  await assert.rejects(fetchMovieLens100k({ url: `${base}/short.zip`, destDir: dir }), /cut short|closed|socket|aborted/i);
  await assert.rejects(fetchMovieLens100k({ url: `${base}/foreign.zip`, destDir: dir }), /not MovieLens 100K.*u\.data/);
  assert.deepEqual(readdirSync(dir), []);
});

test('downloadToFile: size cap and cancellation', async (t) => {
  const big = Buffer.alloc(200_000, 7);
  const { server, base } = await serve({
    '/big': (res) => res.end(big),
    '/slow': (res) => { res.setHeader('content-length', 1_000_000); res.write(Buffer.alloc(1000)); /* never ends */ },
  });
  const dir = mkdtempSync(join(tmpdir(), 'collab-dl-'));
  t.after(() => { server.closeAllConnections(); server.close(); rmSync(dir, { recursive: true, force: true }); });

  await assert.rejects(downloadToFile(`${base}/big`, join(dir, 'big'), { maxBytes: 100_000 }), /at most 100000/);
  const ok = await downloadToFile(`${base}/big`, join(dir, 'big'));
  assert.equal(ok.bytes, big.length);
  assert.equal(ok.md5, md5(big));

  const abort = new AbortController();
  const pending = downloadToFile(`${base}/slow`, join(dir, 'slow'), { signal: abort.signal, onProgress: () => abort.abort() });
  await assert.rejects(pending, (e: Error) => e.name === 'AbortError' && /cancel/i.test(e.message));
  assert.equal(existsSync(join(dir, 'slow')), false);
  assert.equal(existsSync(join(dir, 'slow.part')), false);
  await assert.rejects(downloadToFile('ftp://example.com/x', join(dir, 'x')), /http and https/);
});
