/** Downloads a URL to a file over http(s), following redirects, with a size cap, progress and an MD5. */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';

export interface DownloadOptions {
  /** Give up when the body grows past this many bytes. */
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Called as bytes arrive; `total` is the Content-Length when the server sent one. */
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface DownloadResult {
  bytes: number;
  md5: string;
  /** The URL the body finally came from, after redirects. */
  url: string;
}

/** Streams `url` into `dest` (via `dest.part`, renamed when complete); nothing is left behind on failure. */
export async function downloadToFile(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const part = `${dest}.part`;
  try {
    const result = await fetchInto(url, part, options, options.maxRedirects ?? 5);
    await rename(part, dest);
    return result;
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

function fetchInto(url: string, part: string, options: DownloadOptions, redirectsLeft: number): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error(`Not a valid URL: ${url}`));
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      reject(new Error(`Only http and https downloads are supported (got ${parsed.protocol}).`));
      return;
    }
    if (options.signal?.aborted) {
      reject(abortError());
      return;
    }
    const get = parsed.protocol === 'https:' ? https.get : http.get;
    let closeOutput: (() => void) | undefined;
    const request = get(parsed, { headers: { 'user-agent': 'collab-vscode' } }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (redirectsLeft <= 0) {
          reject(new Error(`Too many redirects downloading ${url}.`));
          return;
        }
        fetchInto(new URL(location, parsed).toString(), part, options, redirectsLeft - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new Error(`Download of ${url} failed: HTTP ${status} ${response.statusMessage ?? ''}`.trim()));
        return;
      }
      const lengthHeader = Number(response.headers['content-length']);
      const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;
      if (total !== undefined && options.maxBytes !== undefined && total > options.maxBytes) {
        response.destroy();
        reject(new Error(`${url} is ${total} bytes, more than the expected at most ${options.maxBytes}.`));
        return;
      }
      const hash = createHash('md5');
      const out = createWriteStream(part);
      closeOutput = () => out.destroy();
      let received = 0;
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        response.destroy();
        out.destroy();
        reject(error);
      };
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (options.maxBytes !== undefined && received > options.maxBytes) {
          fail(new Error(`${url} is larger than the expected at most ${options.maxBytes} bytes.`));
          return;
        }
        hash.update(chunk);
        options.onProgress?.(received, total);
      });
      response.on('error', fail);
      response.on('aborted', () => fail(new Error(`The connection closed before ${url} was fully downloaded.`)));
      out.on('error', fail);
      response.pipe(out);
      out.on('finish', () => {
        if (failed) return;
        if (total !== undefined && received !== total) {
          fail(new Error(`Download of ${url} was cut short: ${received} of ${total} bytes.`));
          return;
        }
        resolve({ bytes: received, md5: hash.digest('hex'), url: parsed.toString() });
      });
    });
    request.on('error', (error) => {
      closeOutput?.();
      reject(error.name === 'AbortError' ? error : new Error(`Could not download ${url}: ${error.message}`));
    });
    options.signal?.addEventListener('abort', () => request.destroy(abortError()), { once: true });
  });
}

function abortError(): Error {
  const error = new Error('Download cancelled.');
  error.name = 'AbortError';
  return error;
}
