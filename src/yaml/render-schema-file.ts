import { renderPairLines } from './render-yaml-value.js';
import { DEFAULT_LAYOUT } from './text-layout.js';
import type { EntrySection } from './types.js';

const SECTION_ORDER: readonly EntrySection[] = ['models', 'seeds', 'snapshots', 'sources'];

/**
 * A new schema file: `version: 2`, then each non-empty section in dbt's usual order, written with
 * 2-space indentation and sequences indented under their key; keys keep the objects' order.
 */
export function renderSchemaFile(sections: Partial<Record<EntrySection, unknown[]>>): string {
  const blocks = [['version: 2']];
  for (const section of SECTION_ORDER) {
    const entries = sections[section];
    if (entries && entries.length > 0) blocks.push(renderPairLines(section, entries, 0, DEFAULT_LAYOUT));
  }
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
