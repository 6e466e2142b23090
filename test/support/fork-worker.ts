import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestEnv } from './test-app';

/**
 * Starts `worker-process.ts` (the real app, ROLE=worker) as a child process on the test environment, so a
 * test can SIGKILL it at an exact moment. Resolves once the app has started.
 */
export function forkWorker(env: TestEnv, extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'worker-process.ts'), [], {
    env: { ...process.env, ...env.baseEnv, ...extra },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => {
      resolve(child);
    });
    child.once('exit', (code) => {
      reject(new Error(`worker exited with ${code}`));
    });
  });
}
