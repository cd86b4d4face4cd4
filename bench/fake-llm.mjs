// The fake LLM server of tests/helpers for benchmarks: compiled with bench/tsconfig.fake-llm.json
// into bench/out/fake-llm/ and run in a worker thread (fake-llm-worker.mjs), so its CPU does not
// share the event loop of the run being measured (a real provider is another machine).
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));

/** Resolves to the server's URLs and `close()`, which gives the requests it received and their statuses. */
export async function startFakeLlmWorker(repo, latencyMs, batchProcessingMs) {
  const tsc = join(repo, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.fake-llm.json')], { cwd: repo, stdio: 'pipe' });
  const worker = new Worker(join(here, 'fake-llm-worker.mjs'), { workerData: { latencyMs, ...(batchProcessingMs === undefined ? {} : { batchProcessingMs }) } });
  const [urls] = await once(worker, 'message');
  return {
    ...urls,
    async close() {
      worker.postMessage('close');
      const [stats] = await once(worker, 'message');
      await worker.terminate();
      return stats;
    },
  };
}
