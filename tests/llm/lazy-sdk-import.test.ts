import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ openai: false, anthropic: false, bedrock: false }));

vi.mock('openai', async () => {
  loaded.openai = true;
  return vi.importActual('openai');
});
vi.mock('@anthropic-ai/sdk', async () => {
  loaded.anthropic = true;
  return vi.importActual('@anthropic-ai/sdk');
});
vi.mock('@aws-sdk/client-bedrock-runtime', async () => {
  loaded.bedrock = true;
  return vi.importActual('@aws-sdk/client-bedrock-runtime');
});

describe('SDKs are loaded lazily', () => {
  it('importing create-language-model (and retry, llm-test) loads no SDK; creating a model does', async () => {
    const { createLanguageModel } = await import('../../src/llm/create-language-model.js');
    await import('../../src/llm/retry.js');
    await import('../../src/llm/llm-test.js');
    expect(loaded).toEqual({ openai: false, anthropic: false, bedrock: false });

    const common = { model: 'm', apiKey: 'k-1234', baseUrl: 'http://127.0.0.1:9', timeoutSeconds: 1, maxRetries: 0 };
    await createLanguageModel({ ...common, provider: 'openai' });
    expect(loaded).toEqual({ openai: true, anthropic: false, bedrock: false });
    await createLanguageModel({ ...common, provider: 'anthropic' });
    expect(loaded).toEqual({ openai: true, anthropic: true, bedrock: false });
    await createLanguageModel({ ...common, provider: 'bedrock', awsRegion: 'us-east-1' });
    expect(loaded.bedrock).toBe(true);
  });

  it('no file in src/llm imports an SDK statically (only `import type` or dynamic import)', () => {
    const root = join(import.meta.dirname, '../../src/llm');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      const staticSdkImports = source
        .split('\n')
        .filter((line) => /^\s*(import|export)\b(?!\s+type\b).*from\s+['"](openai|@anthropic-ai\/sdk|@aws-sdk\/[^'"]+|@smithy\/[^'"]+)(\/[^'"]*)?['"]/.test(line));
      expect(staticSdkImports, file).toEqual([]);
    }
  });
});
