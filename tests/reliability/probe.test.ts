import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startFakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { CORPUS_DIR, corpusProjects } from '../corpus/corpus-projects.js';

for (const name of ['fivetran-jira-v9', 'fivetran-netsuite-v11', 'osmosis-jaffle-v10']) {
  it(name, async () => {
    const p = corpusProjects().find((x) => x.name === name)!;
    const temp = mkdtempSync(path.join(tmpdir(), 'probe-'));
    const repo = path.join(temp, 'repo');
    cpSync(path.join(CORPUS_DIR, p.name, 'repo'), repo, { recursive: true });
    const server = await startFakeLlmServer();
    const t = Date.now();
    const args = ['yaml', 'document', '--synthesize', '--format', 'json', '--project-dir', path.join(repo, p.projectSubdir), '--manifest-path', path.join(repo, p.manifest), ...(p.catalog ? ['--catalog-path', path.join(repo, p.catalog)] : [])];
    const run = await runCli(args, { cwd: temp, env: { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini' } });
    const r = JSON.parse(run.stdout || '{}');
    console.log(name, run.code, Date.now() - t, 'ms', server.requests.length, r.changedFiles, r.columnsSynthesized, r.modelDescriptionsSynthesized, r.failures?.length, run.stderr.slice(0, 500));
    await server.close();
  });
}
