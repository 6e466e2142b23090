import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestEnv } from './test-app';

export interface WorkerChild {
  child: ChildProcess;
  /** The child's METRICS_PORT listener on 127.0.0.1. */
  metricsPort: number;
}

/**
 * Starts `worker-process.ts` (the real app, ROLE=worker) as a child process on the test environment, so a
 * test can SIGKILL it at an exact moment or scrape its own metrics. Resolves once the app listens.
 */
export function forkWorker(env: TestEnv, extra: Record<string, string> = {}): Promise<WorkerChild> {
  const child = fork(path.join(__dirname, 'worker-process.ts'), [], {
    env: { ...process.env, ...env.baseEnv, HOST: '127.0.0.1', ...extra },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { metricsPort: number }) => {
      resolve({ child, metricsPort: message.metricsPort });
    });
    child.once('exit', (code) => {
      reject(new Error(`worker exited with ${code}`));
    });
  });
}

/** SIGTERM and wait for the exit (a killed child has exited already). */
export async function stopWorker(worker: WorkerChild): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill('SIGTERM');
  await exited;
}
