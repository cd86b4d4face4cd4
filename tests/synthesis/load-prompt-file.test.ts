import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPromptFile, loadStyleGuideFile } from '../../src/synthesis/plan/load-prompt-file.js';
import { DEFAULT_PROMPT_TEMPLATES, resolvePromptTemplates } from '../../src/synthesis/plan/prompt-templates.js';
import { nodeFileSystem } from '../../src/node-ports.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'osmosis-prompts-'));
  dirs.push(dir);
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('loadPromptFile', () => {
  it('reads prompts.example.yaml as exactly the defaults', async () => {
    const templates = await loadPromptFile(nodeFileSystem, join(import.meta.dirname, '../../prompts.example.yaml'));
    expect(resolvePromptTemplates(templates)).toEqual(DEFAULT_PROMPT_TEMPLATES);
    expect(Object.keys(templates).sort()).toEqual(['bulk', 'column', 'context', 'nodeDescription', 'repair', 'system']);
  });

  it('overrides only the keys it sets', async () => {
    const path = await tempFile('p.yaml', 'node_description: "Describe {{node_name}} briefly."\n');
    const templates = resolvePromptTemplates(await loadPromptFile(nodeFileSystem, path));
    expect(templates.nodeDescription).toBe('Describe {{node_name}} briefly.');
    expect(templates.system).toBe(DEFAULT_PROMPT_TEMPLATES.system);
  });

  it('names the file and the key of an unknown key', async () => {
    const path = await tempFile('p.yaml', 'sytem: hello\n');
    await expect(loadPromptFile(nodeFileSystem, path)).rejects.toThrow(new RegExp(`${path.replace(/[.\\/]/g, '\\$&')}.*sytem`));
  });

  it('names the file and the key of a non-text value or an unknown variable', async () => {
    const notText = await tempFile('p.yaml', 'column: [1, 2]\n');
    await expect(loadPromptFile(nodeFileSystem, notText)).rejects.toThrow(/key "column"/);
    const badVariable = await tempFile('q.yaml', 'bulk: "Describe {{colums}}"\n');
    await expect(loadPromptFile(nodeFileSystem, badVariable)).rejects.toThrow(/key "bulk": unknown variable \{\{colums\}\}/);
  });

  it('reports an unreadable file and invalid YAML with the path', async () => {
    await expect(loadPromptFile(nodeFileSystem, '/nonexistent/prompts.yaml')).rejects.toThrow(/\/nonexistent\/prompts\.yaml/);
    const path = await tempFile('p.yaml', 'system: "unclosed\n');
    await expect(loadPromptFile(nodeFileSystem, path)).rejects.toMatchObject({ code: 'prompt-file-yaml' });
  });

  it('reads a style guide file as trimmed text', async () => {
    const path = await tempFile('style.md', '\nUse British spelling.\n\n');
    expect(await loadStyleGuideFile(nodeFileSystem, path)).toBe('Use British spelling.');
  });
});
