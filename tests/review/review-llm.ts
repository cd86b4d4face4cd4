/** The fake LLM server and the environment review tests run the CLI with: one cache for the test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import type { FakeLlmServerOptions } from '../helpers/fake-llm-types.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';

export interface ReviewLlm {
  server: FakeLlmServer;
  /** CLI environment: the fake OpenAI endpoint, a cache shared by every run of the test, the reviewer. */
  env(reviewer?: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startReviewLlm(opts: FakeLlmServerOptions = {}): Promise<ReviewLlm> {
  const server = await startFakeLlmServer(opts);
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'osmosis-review-cache-'));
  return {
    server,
    env: (reviewer = 'Ada') => ({
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: FAKE_API_KEY,
      OPENAI_BASE_URL: server.openaiBaseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      XDG_CACHE_HOME: cacheHome,
      OSMOSIS_REVIEWER: reviewer,
    }),
    close: async () => {
      await server.close();
      rmSync(cacheHome, { recursive: true, force: true });
    },
  };
}
