/**
 * The files and commands enrichment reads, at the edge: category columns of the project's seeds
 * (for accepted_values) and, with `--llm-sample-command`, sample rows of the selected models.
 */
import type { SynthesisOptions } from '../config/types.js';
import { parseSampleOutput, type SampleTable } from '../enrich/sample-rows.js';
import type { LoadedProject } from './load-project.js';
import { readSeedValues } from './read-seed-values.js';
import { runSampleCommand } from './run-sample-command.js';
import { SEED_SAMPLE_ROWS } from './read-seed-sample.js';

/* Sample commands usually run dbt, which is heavy: two at a time. */
const SAMPLE_CONCURRENCY = 2;

export interface EnrichInput {
  /** Seed id → its category columns (lower-cased name → distinct values). */
  seedCategories: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Model id → its sample rows, unmasked (masking needs the doc state, done before the prompt). */
  sampleTables: ReadonlyMap<string, SampleTable>;
}

export async function readEnrichInput(project: LoadedProject, selected: ReadonlySet<string>, options: SynthesisOptions, warnings: string[]): Promise<EnrichInput> {
  const seedCategories = new Map<string, ReadonlyMap<string, readonly string[]>>();
  for (const node of project.manifest.nodes.values()) {
    if (node.resourceType !== 'seed' || node.packageName !== project.writablePackage) continue;
    const { columns, problem } = readSeedValues(project.projectDir, node.originalFilePath);
    if (columns !== undefined) seedCategories.set(node.uniqueId, columns);
    else warnings.push(`${node.originalFilePath}: cannot read the values of seed ${node.uniqueId} (${problem}); no accepted_values are offered from it.`);
  }
  const sampleTables = new Map<string, SampleTable>();
  const command = options.sampleCommand;
  // A plan makes no call and runs nothing that reaches the warehouse.
  if (command === undefined || options.llmDryRun) return { seedCategories, sampleTables };
  const rows = options.sampleRows ?? SEED_SAMPLE_ROWS;
  const models = [...selected].filter((id) => project.manifest.nodes.get(id)?.resourceType === 'model').sort();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < models.length) {
      const id = models[next++] as string;
      const node = project.manifest.nodes.get(id);
      if (node === undefined) continue;
      const { stdout, problem } = await runSampleCommand(command, node.name, rows, project.projectDir);
      const table = stdout === undefined ? undefined : parseSampleOutput(stdout);
      if (table !== undefined) sampleTables.set(id, table);
      else warnings.push(`${id}: no sample rows (${problem ?? '--llm-sample-command printed neither JSON rows nor CSV'}); its enrichment is asked without them.`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SAMPLE_CONCURRENCY, models.length) }, worker));
  return { seedCategories, sampleTables };
}
