import { generateProject } from './generate-project.mjs';
import { documentProject, DEFAULT_PLACEHOLDERS } from '../dist/index.js';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/prof-');
const p = generateProject(dir + '/p', { models: 1000 });
const opts = (lineage) => ({ projectDir: p.dir, select: [], exclude: [], positional: [], dryRun: false, check: true, forceInheritDescriptions: false, skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false, placeholders: [...DEFAULT_PLACEHOLDERS], synthesize: false, lineage });
for (const l of [false, true, false, true]) {
  const t = performance.now();
  const r = await documentProject(opts(l));
  console.log(l, Math.round(performance.now() - t), r.columnsInherited, r.columnsInheritedByLineage);
}
