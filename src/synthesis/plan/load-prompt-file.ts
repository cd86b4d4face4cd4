/**
 * The one file reader of synthesis: `--llm-prompt-file` (YAML overriding any template) and the
 * optional style guide file (plain text that goes into `{{style_guide}}`).
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { FileSystemPort } from '../../ports.js';
import { PROMPT_VARIABLE_NAMES, type PromptTemplates } from './prompt-templates.js';

const templateText = z.string().trim().min(1, 'must be non-empty text');

const PromptFileSchema = z
  .object({
    system: templateText.optional(),
    context: templateText.optional(),
    bulk: templateText.optional(),
    column: templateText.optional(),
    node_description: templateText.optional(),
    repair: templateText.optional(),
  })
  .strict();

const VARIABLE_IN_TEMPLATE = /\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * Reads a prompt file. Keys are `system`, `context`, `bulk`, `column`, `node_description`, `repair` (see
 * prompts.example.yaml); absent keys keep their defaults. Throws `InputError` naming the file and
 * the key on unreadable files, YAML errors, unknown keys, non-text values or unknown variables.
 */
export async function loadPromptFile(fs: FileSystemPort, path: string): Promise<Partial<PromptTemplates>> {
  const text = await readText(fs, path, 'prompt file');
  let data: unknown;
  try {
    data = parse(text);
  } catch (cause) {
    throw new InputError(
      'prompt-file-yaml',
      `Prompt file ${path} is not valid YAML: ${(cause as Error).message}`,
      { file: path, cause },
    );
  }
  if (data === null || data === undefined) return {};
  const parsed = PromptFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue === undefined ? '' : issue.path.join('.');
    const unknown =
      issue?.code === 'unrecognized_keys' ? ` (unknown key ${issue.keys.join(', ')})` : '';
    throw new InputError(
      'prompt-file-invalid',
      `Prompt file ${path}${key ? `, key "${key}"` : ''}: ${issue?.message ?? 'invalid'}${unknown}. ` +
        'Expected a mapping with optional text keys system, context, bulk, column, node_description, repair ' +
        '(see prompts.example.yaml).',
      { file: path },
    );
  }
  const templates: Partial<PromptTemplates> = {};
  const p = parsed.data;
  if (p.system !== undefined) templates.system = p.system;
  if (p.context !== undefined) templates.context = p.context;
  if (p.bulk !== undefined) templates.bulk = p.bulk;
  if (p.column !== undefined) templates.column = p.column;
  if (p.node_description !== undefined) templates.nodeDescription = p.node_description;
  if (p.repair !== undefined) templates.repair = p.repair;
  checkVariables(path, p);
  return templates;
}

/** Reads the style guide file; its text is inserted as data into every prompt. */
export async function loadStyleGuideFile(fs: FileSystemPort, path: string): Promise<string> {
  return (await readText(fs, path, 'style guide file')).trim();
}

function checkVariables(path: string, file: Record<string, string | undefined>): void {
  const known = new Set<string>(PROMPT_VARIABLE_NAMES);
  for (const [key, template] of Object.entries(file)) {
    if (template === undefined) continue;
    for (const match of template.matchAll(VARIABLE_IN_TEMPLATE)) {
      const name = match[1] ?? '';
      if (!known.has(name)) {
        throw new InputError(
          'prompt-file-variable',
          `Prompt file ${path}, key "${key}": unknown variable {{${name}}}. ` +
            `Known variables: ${PROMPT_VARIABLE_NAMES.join(', ')}.`,
          { file: path },
        );
      }
    }
  }
}

async function readText(fs: FileSystemPort, path: string, what: string): Promise<string> {
  try {
    return fs.readText(path);
  } catch (cause) {
    throw new InputError(
      'prompt-file-unreadable',
      `Cannot read ${what} ${path}: ${(cause as Error).message}`,
      { file: path, cause },
    );
  }
}
