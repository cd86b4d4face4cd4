// Runs the compiled fake LLM server (bench/out/fake-llm/) in a worker thread, so its CPU time does
// not share the event loop of the run being measured (a real provider is another machine).
//   workerData: { latencyMs, batchProcessingMs? }   posts { url, openaiBaseUrl, batchUrl? } when listening
//   (with batchProcessingMs, the batch endpoints' fake runs too, each batch done after that long);
//   on 'close' posts { requests, statuses, batches } and stops.
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeLlmServer } from './out/fake-llm/fake-llm-server.js';
import { startFakeBatchServer } from './out/fake-llm/fake-batch-server.js';

const server = await startFakeLlmServer({ latencyMs: workerData.latencyMs });
const batch = workerData.batchProcessingMs === undefined ? undefined : await startFakeBatchServer({ inner: server, processingMs: workerData.batchProcessingMs });
parentPort.postMessage({ url: server.url, openaiBaseUrl: server.openaiBaseUrl, ...(batch ? { batchUrl: batch.url } : {}) });
parentPort.on('message', async (message) => {
  if (message !== 'close') return;
  const statuses = {};
  for (const r of server.requests) statuses[r.status ?? 'none'] = (statuses[r.status ?? 'none'] ?? 0) + 1;
  const requests = server.requests.length;
  const batches = batch ? batch.batches.length : 0;
  await batch?.close();
  await server.close();
  parentPort.postMessage({ requests, statuses, batches });
  parentPort.close();
});
