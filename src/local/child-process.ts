import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Resolves with the first match of `pattern` in what a child process prints (stdout and stderr
 * together); rejects when it exits first or the time runs out, quoting its last line. Other
 * listeners on its output are left alone, and the output keeps draining afterwards so a chatty
 * child never blocks on a full pipe.
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const lastLine = () => output.trim().split('\n').pop() ?? '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start within ${timeoutMs / 1000} s: ${lastLine()}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4096);
      const match = pattern.exec(output);
      if (match !== null) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = (code: number | null) => fail(new Error(`${what} exited (code ${code}) before it was ready: ${lastLine()}`));
    const fail = (err: Error) => {
      cleanup();
      child.kill('SIGTERM');
      reject(err);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.stdout?.resume();
      child.stderr?.resume();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A TCP port free on the loopback right now, for a child process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
