/** Shared by the CLI tests: runs one command in-process, capturing what it prints. */
import type { TestContext } from 'node:test';
import type { CliCommand } from '../../../src/cli/command';

/** Runs `command` with `args`; its exit code and what it wrote to console.log and console.error. */
export async function runCli(t: TestContext, command: CliCommand, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = t.mock.method(console, 'log', (...xs: unknown[]) => { out.push(xs.join(' ')); });
  const error = t.mock.method(console, 'error', (...xs: unknown[]) => { err.push(xs.join(' ')); });
  try {
    return { code: await command.run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}
