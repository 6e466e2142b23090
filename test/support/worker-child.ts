import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestEnv } from './test-app';

export interface WorkerChild {
  child: ChildProcess;
  /** The child's METRICS_PORT listener on 127.0.0.1. */
  metricsPort: number;
}

/** Starts test/support/worker-process.ts (a real ROLE=worker process) on the test env; resolves once it listens. */
export function startWorkerProcess(env: TestEnv, extra: Record<string, string> = {}): Promise<WorkerChild> {
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
export async function stopWorkerProcess(worker: WorkerChild): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill('SIGTERM');
  await exited;
}
