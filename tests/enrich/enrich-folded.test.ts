/**
 * Enrichment folded into description requests: one request answers both; an unusable enrichment
 * part costs a request of its own, never the descriptions; and once the descriptions are
 * written, the enrichment the answers brought is reused under the node's identity, so the next
 * run asks nothing. Bulk (`bulkThreshold: 0`) and per-column (the default on jaffle).
 */
import { describe, expect, it } from 'vitest';
import { documentProject } from '../../src/library-entry.js';
import type { SynthesisOptions } from '../../src/config/types.js';
import { answerFromSchema } from '../helpers/fake-llm-answers.js';
import { documentOptions } from '../helpers/document-options.js';
import { enrichOptions, jaffleCopy, useFakeServer } from './jaffle-copy.js';

const fake = useFakeServer();
const FOLDED = 'column_descriptions_and_enrichment';
const isFolded = (name: string | undefined): boolean => name?.endsWith('_and_enrichment') ?? false;
const nodeOf = (prompt: string): string => /The dbt \w+ "([^"]+)"/.exec(prompt)?.[1] ?? '?';

function options(cache: string, extra: Partial<SynthesisOptions> = {}): SynthesisOptions {
  return enrichOptions(fake.server(), cache, { bulkThreshold: 0, ...extra });
}

describe('--enrich folded into bulk requests', () => {
  it('asks descriptions and enrichment in one request, and a later run reuses the enrichment', async () => {
    const { dir, cache } = jaffleCopy(fake.temps);
    fake.server().reset();
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(report.failures).toEqual([]);
    const requests = fake.server().requests;
    const folded = requests.filter((r) => r.schemaName === FOLDED);
    const own = requests.filter((r) => r.schemaName === 'enrichment');
    const nodeOnly = requests.filter((r) => r.schemaName === 'description_and_enrichment');
    // A node with missing columns: one bulk request asking everything. A node missing only its
    // description: that request asks its purpose and tags, its own request the columns'.
    expect(folded.length).toBeGreaterThan(0);
    expect(nodeOnly.length).toBeGreaterThan(0);
    expect(requests).toHaveLength(folded.length + nodeOnly.length + own.length);
    expect(own.map((r) => nodeOf(r.prompt))).not.toEqual(expect.arrayContaining(folded.map((r) => nodeOf(r.prompt))));
    expect(new Set(requests.map((r) => nodeOf(r.prompt))).size).toBe(8);
    expect([...folded, ...nodeOnly].every((r) => r.prompt.includes('under "enrichment"'))).toBe(true);
    // Every node's enrichment came back (the fake answers every field the schema asks).
    expect(report.enriched?.purpose).toBe(8);

    // Descriptions are written now: no bulk request is left, and the enrichment-only requests
    // the nodes would send are answered by what the folded answers brought.
    fake.server().reset();
    const again = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(again.failures).toEqual([]);
    expect(fake.server().requests).toEqual([]);
    expect(again.enriched?.purpose).toBe(8);
  }, 60_000);

  it('an unusable enrichment part keeps the descriptions and costs one request of its own', async () => {
    const { dir, cache } = jaffleCopy(fake.temps);
    fake.server().reset();
    fake.server().setRespond((r) => {
      if (!isFolded(r.schemaName)) return undefined;
      const answer = answerFromSchema(r.schema ?? {}, r.schemaName ?? '') as Record<string, unknown>;
      return { answer: { ...answer, enrichment: 'not an object' } };
    });
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(report.failures).toEqual([]);
    const folded = fake.server().requests.filter((r) => isFolded(r.schemaName)).length;
    const own = fake.server().requests.filter((r) => r.schemaName === 'enrichment').length;
    // Each folded node asks again on its own, as the others do anyway.
    expect(folded).toBeGreaterThan(0);
    expect(own).toBe(8);
    expect(report.warnings.filter((w) => / enrichment part of the .* answer unusable/.test(w))).toHaveLength(folded);
    expect(report.enriched?.purpose).toBe(8);
  }, 60_000);

  it('per column: each request asks its column\'s fields, and a re-run after apply asks nothing', async () => {
    const { dir, cache } = jaffleCopy(fake.temps);
    fake.server().reset();
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache) }));
    expect(report.failures).toEqual([]);
    const requests = fake.server().requests;
    const columnRequests = requests.filter((r) => r.schemaName === 'description_and_enrichment');
    expect(columnRequests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.schemaName === 'description')).toEqual([]);
    // The enrichment request of a node only lists columns no description request asked.
    for (const own of requests.filter((r) => r.schemaName === 'enrichment')) {
      const asked = Object.keys(((own.schema?.['properties'] as Record<string, Record<string, unknown>>)['columns']?.['properties'] ?? {}) as object);
      const node = nodeOf(own.prompt);
      for (const r of columnRequests.filter((c) => nodeOf(c.prompt) === node)) {
        const folded = Object.keys((((r.schema?.['properties'] as Record<string, Record<string, unknown>>)['enrichment']?.['properties'] as Record<string, Record<string, unknown>>)['columns']?.['properties'] ?? {}) as object);
        for (const column of folded) expect(asked, `${node}.${column}`).not.toContain(column);
      }
    }
    expect(report.enriched?.purpose).toBe(8);
    fake.server().reset();
    const again = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache) }));
    expect(again.failures).toEqual([]);
    expect(fake.server().requests).toEqual([]);
    expect(again.enriched?.purpose).toBe(8);
  }, 60_000);
});
