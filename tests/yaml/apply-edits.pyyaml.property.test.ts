/**
 * The write-path invariant, checked with PyYAML itself (dbt's parser): after any edit, PyYAML
 * reads every key the edits did not mean to change exactly as before, and the changed ones as
 * meant. Random schema files get the shapes that broke it before: `>` scalars, block scalars at
 * the end of a file without a final line break, whitespace-only lines and comment lines
 * indented deeper than the keys around them, spaces or tabs at the ends of lines, quoted keys,
 * a space before key colons, a `---` line and a byte order mark (random-schema-documents.ts,
 * `twist`). All samples go to one python process.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import type { YamlEdit } from '../../src/yaml/types.js';
import { pyyamlAvailable, pyyamlLoad } from '../helpers/pyyaml.js';
import { genDoc, genEdits, genTwists, renderGenDoc, twist } from './random-schema-documents.js';
import { applyEditsToData } from './yaml-oracle.js';

const havePyYaml = pyyamlAvailable();
if (!havePyYaml && process.env['CI']) {
  throw new Error('python3-yaml is missing: this test checks edits with PyYAML (apt-get install -y python3-yaml; .ci/run installs it in CI).');
}
if (!havePyYaml) console.warn('SKIPPED apply-edits.pyyaml.property: python3 with PyYAML not found (apt-get install -y python3-yaml).');

const sample = genDoc.chain((doc) => fc.tuple(fc.constant(doc), genEdits(doc), genTwists));

test.skipIf(!havePyYaml)('after any edit, PyYAML reads the same value for every key the edit did not mean to change', () => {
  const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 1_000_000);
  const cases = fc.sample(sample, { numRuns: 250, seed }).map(([doc, edits, twists]) => {
    const input = twist(renderGenDoc(doc), twists);
    return { input, edits: edits as YamlEdit[], output: applyYamlEdits(input, edits) };
  });
  const read = pyyamlLoad(cases.flatMap((c) => [c.input, c.output]));
  cases.forEach((c, i) => {
    const before = read[2 * i];
    const after = read[2 * i + 1];
    const context = `seed ${seed}, case ${i}\n--- input\n${c.input}\n--- edits\n${JSON.stringify(c.edits)}\n--- output\n${c.output}`;
    if (!before || !after || 'error' in before || 'error' in after) throw new Error(`PyYAML could not read a case: ${JSON.stringify([before, after])}\n${context}`);
    expect(after.value, context).toEqual(applyEditsToData(before.value, c.edits));
  });
});
