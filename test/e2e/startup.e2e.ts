import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAIN, ROOT } from './support/started-bot';

function start(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('starting the built bot with a bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be a port number\.$/],
    [{ MicrosoftAppId: '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29', MicrosoftAppPassword: 'x' }, /^Invalid configuration: MicrosoftAppTenantId is required/],
    [{ MicrosoftAppId: '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c' }, /^Invalid configuration: STORAGE_ACCOUNT_URL or STORAGE_CONNECTION_STRING is required/],
  ])('stops at once with one line naming the variable (%j)', (env, line) => {
    const result = start(env);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(result.stdout).toBe('');
  });
});
