/**
 * eslint.config.js keeps the arrows cli → entry → core → ports. Each row lints one line of code
 * as if it were a file at that path (nothing is written) and checks the rule fires, or does not.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const CASES: Array<[file: string, code: string, allowed: boolean]> = [
  ['src/graph/probe.ts', "import { main } from '../cli/main.js';", false],
  ['src/review/probe.ts', "import type { CliIo } from '../cli/cli-io.js';", false],
  ['src/cli/probe.ts', "import { documentProject } from '../document-project.js';", true],
  ['src/review/probe.ts', "import { documentProject } from '../document-project.js';", false],
  ['src/review/server/probe.ts', "import { documentProject } from '../../document-project.js';", false],
  ['src/synthesis/probe.ts', "const sdk = await import('openai');", false],
  ['src/synthesis/probe.ts', "import type Anthropic from '@anthropic-ai/sdk';", false],
  ['src/llm/providers/probe.ts', "const sdk = await import('openai');", true],
  ['src/llm/probe.ts', "import type * as Bedrock from '@aws-sdk/client-bedrock-runtime';", false],
  ['src/synthesis/probe.ts', "import Keyv from 'keyv';", false],
  ['src/cache/probe.ts', "import Keyv from 'keyv';", true],
  ['src/cache/probe.ts', "import type { NodeContext } from '../synthesis/types.js';", false],
  ['src/llm/probe.ts', "import type { DocumentOptions } from '../config/types.js';", false],
  ['src/llm/probe.ts', "import { ConfigError } from '../errors.js';", true],
  ['src/config/probe.ts', "import { Command } from 'commander';", false],
  ['src/inheritance/probe.ts', "import { readFileSync } from 'node:fs';", false],
  ['src/project/probe.ts', "import { readFileSync } from 'node:fs';", true],
  ['src/yaml/write-files.ts', "import { writeFileSync } from 'node:fs';", true],
  ['src/yaml/probe.ts', "import { buildGraph } from '../graph/build-graph.js';", false],
  ['src/yaml/probe.ts', "import { parse } from 'yaml';\nimport { OsmosisError } from '../errors.js';", true],
  ['src/graph/probe.ts', "import type { Manifest } from '../project/manifest/types.js';", true],
  ['src/graph/probe.ts', "import { loadProject } from '../project/load-project.js';", false],
  ['src/graph/probe.ts', "import { applyYamlEdits } from '../yaml/apply-edits.js';", false],
  ['src/synthesis/probe.ts', "import { nodeFileSystem } from '../node-ports.js';", false],
  ['src/document-project.ts', "import { nodePorts } from './node-ports.js';", false],
  ['src/synthesis/probe.ts', "import type { Ports } from '../ports.js';", true],
  ['src/library-entry.ts', "import { nodePorts } from './node-ports.js';", true],
  ['src/cli/probe.ts', "import { nodeFileSystem } from '../node-ports.js';", true],
];

describe('layer rules (eslint.config.js)', () => {
  it.each(CASES)('%s: %s → allowed %s', async (file, code, allowed) => {
    const found = await problems(file, `${code}\nexport {};\n`);
    expect(found.filter((p) => p.startsWith('parse')), 'the TypeScript parses').toEqual([]);
    if (allowed) expect(found).toEqual([]);
    else expect(found.length, `no rule fired for ${file}`).toBeGreaterThan(0);
  });
});
