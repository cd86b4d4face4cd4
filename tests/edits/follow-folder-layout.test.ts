import { describe, expect, it } from 'vitest';
import { followFolderLayout, type LayoutNode } from '../../src/project/follow-folder-layout.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';

function files(spec: Record<string, string[]>, section = 'models') {
  return Object.entries(spec).map(([path, names]) =>
    readSchemaFile(path, `version: 2\n${names.length ? `${section}:\n${names.map((n) => `  - name: ${n}\n`).join('')}` : ''}`),
  );
}

const node = (name: string, folder = 'models/core', section: LayoutNode['section'] = 'models'): LayoutNode => ({ name, folder, section });

describe('followFolderLayout', () => {
  it("uses the folder's one file that holds the other entries (core.yml)", () => {
    expect(followFolderLayout(node('dim_parts'), files({ 'models/core/core.yml': ['dim_a', 'dim_b'], 'models/other/x.yml': ['x'] }))).toBe('models/core/core.yml');
  });

  it('never creates a second file beside an existing <name>.yml', () => {
    expect(followFolderLayout(node('locations'), files({ 'models/core/locations.yml': [], 'models/core/schema.yml': ['a', 'b'] }))).toBe('models/core/locations.yml');
  });

  it('follows a one-file-per-node pattern, with or without the underscore', () => {
    expect(followFolderLayout(node('c'), files({ 'models/core/a.yml': ['a'], 'models/core/b.yml': ['b'] }))).toBe('models/core/c.yml');
    expect(followFolderLayout(node('c'), files({ 'models/core/_a.yml': ['a'], 'models/core/_b.yaml': ['b'] }))).toBe('models/core/_c.yml');
    expect(followFolderLayout(node('c'), files({ 'models/core/a.yaml': ['a'], 'models/core/b.yaml': ['b'] }))).toBe('models/core/c.yaml');
  });

  it('counts only files of the same section, in the same folder', () => {
    const seeds = files({ 'seeds/_seeds.yml': ['raw_a', 'raw_b'] }, 'seeds');
    expect(followFolderLayout(node('raw_c', 'seeds', 'seeds'), seeds)).toBe('seeds/_seeds.yml');
    expect(followFolderLayout(node('snap', 'seeds', 'snapshots'), seeds)).toBe('seeds/_snap.yml');
    expect(followFolderLayout(node('m', 'models/sub'), files({ 'models/schema.yml': ['a', 'b'] }))).toBe('models/sub/_m.yml');
  });

  it('with two shared files and no per-node pattern, falls back to _<name>.yml', () => {
    expect(followFolderLayout(node('m'), files({ 'models/core/a.yml': ['x', 'y'], 'models/core/b.yml': ['z', 'w'] }))).toBe('models/core/_m.yml');
  });
});
