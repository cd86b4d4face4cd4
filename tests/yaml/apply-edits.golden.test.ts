import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import type { YamlEdit } from '../../src/yaml/types.js';
import { applyEditsToData, yamlMeaning } from './yaml-oracle.js';

const fixtures = fileURLToPath(new URL('../../fixtures/yaml/', import.meta.url));
const cases = readdirSync(fixtures).filter((name) => existsSync(join(fixtures, name, 'edits.json')));

/** One folder per formatting behaviour: input.yml + edits.json, compared byte for byte with expected.yml. */
describe('applyYamlEdits golden files', () => {
  test.each(cases)('%s', (name) => {
    const read = (file: string): string => readFileSync(join(fixtures, name, file), 'utf8');
    const input = read('input.yml');
    const edits = JSON.parse(read('edits.json')) as YamlEdit[];
    const output = applyYamlEdits(input, edits);
    expect(output).toBe(read('expected.yml'));
    expect(yamlMeaning(output)).toEqual(applyEditsToData(yamlMeaning(input), edits));
  });
});
