// Runs the compiled fake LLM server (bench/out/fake-llm/) in a worker thread, so its CPU time does
// not share the event loop of the run being measured (a real provider is another machine).
//   workerData: { latencyMs }   posts { url, openaiBaseUrl } when listening;
//   on 'close' posts { requests, statuses } and stops.
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeLlmServer } from './out/fake-llm/fake-llm-server.js';

const server = await startFakeLlmServer({ latencyMs: workerData.latencyMs });
parentPort.postMessage({ url: server.url, openaiBaseUrl: server.openaiBaseUrl });
parentPort.on('message', async (message) => {
  if (message !== 'close') return;
  const statuses = {};
  for (const r of server.requests) statuses[r.status ?? 'none'] = (statuses[r.status ?? 'none'] ?? 0) + 1;
  const requests = server.requests.length;
  await server.close();
  parentPort.postMessage({ requests, statuses });
  parentPort.close();
});
