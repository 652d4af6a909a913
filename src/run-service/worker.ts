/**
 * The run service's worker thread (bundled as dist/run-worker.js): answers the extension's calls
 * from one RunService, one reply per call. Errors travel as name, message and RunLoadError's
 * `problem`, so the host can tell a damaged run from a bug.
 */
import { parentPort } from 'node:worker_threads';
import type { RunServiceCall, RunServiceFailure, RunServiceReply } from '../protocol/run-service';
import { RunService } from './service';

const port = parentPort;
if (!port) throw new Error('dist/run-worker.js runs as a worker thread of the Collab extension.');

const service = new RunService();

/** Calls one method; the union of calls is checked where it is built (client.ts), so one cast here. */
function invoke(call: RunServiceCall): Promise<unknown> {
  const method = service[call.method] as (...args: unknown[]) => Promise<unknown>;
  if (typeof method !== 'function') return Promise.reject(new Error(`Unknown run service method ${String(call.method)}.`));
  // A projection's layouts on the way travel as progress messages of the same call.
  const args = call.method === 'project'
    ? [call.args[0], call.args[1], call.args[2], (progress: unknown) => port!.postMessage({ id: call.id, progress } satisfies RunServiceReply)]
    : call.args as unknown[];
  return method.apply(service, args) as Promise<unknown>;
}

/** The error's name, message and the fields the host acts on (RunLoadError, DataError), as plain data. */
function failure(error: unknown): RunServiceFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  const { problem, code, location } = e as { problem?: unknown; code?: unknown; location?: RunServiceFailure['location'] };
  return {
    name: e.name, message: e.message,
    problem: typeof problem === 'string' ? problem : undefined,
    code: typeof code === 'string' ? code : undefined,
    location: location && typeof location.file === 'string' && typeof location.line === 'number'
      ? { file: location.file, line: location.line, column: location.column } : undefined,
  };
}

port.on('message', (call: RunServiceCall) => {
  invoke(call).then(
    (result) => port.postMessage({ id: call.id, ok: true, result } satisfies RunServiceReply),
    (error: unknown) => port.postMessage({ id: call.id, ok: false, error: failure(error) } satisfies RunServiceReply),
  );
});
