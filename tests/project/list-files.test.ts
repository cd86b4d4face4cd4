import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeFileSystem } from '../../src/node-ports.js';
import { keepDirectoryListings, listFiles } from '../../src/project/list-files.js';
import type { FileSystemPort } from '../../src/ports.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'list-files-'));
  mkdirSync(path.join(dir, 'models', 'staging'), { recursive: true });
  for (const f of ['models/b.sql', 'models/a.yml', 'models/staging/c.sql', 'models/staging/_s.yml']) writeFileSync(path.join(dir, f), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keepDirectoryListings', () => {
  test('reads each folder once for walks of the same folders, and lists what a plain walk lists', () => {
    const reads: string[] = [];
    const counting: FileSystemPort = { ...nodeFileSystem, readDir: (d) => (reads.push(d), nodeFileSystem.readDir(d)) };
    const kept = keepDirectoryListings(counting);
    const roots = [path.join(dir, 'models')];
    const yaml = listFiles(kept, roots, ['.yml']);
    const sql = listFiles(kept, roots, ['.sql']);
    expect(yaml).toEqual(listFiles(nodeFileSystem, roots, ['.yml']));
    expect(sql).toEqual(listFiles(nodeFileSystem, roots, ['.sql']));
    expect(sql.map((f) => path.relative(dir, f))).toEqual(['models/b.sql', 'models/staging/c.sql']);
    expect(reads.sort()).toEqual([path.join(dir, 'models'), path.join(dir, 'models', 'staging')]);
  });

  test('hands out a copy, so a caller sorting or changing it leaves the kept listing alone', () => {
    const kept = keepDirectoryListings(nodeFileSystem);
    const first = kept.readDir(path.join(dir, 'models'));
    first.length = 0;
    expect(kept.readDir(path.join(dir, 'models')).map((e) => e.name).sort()).toEqual(['a.yml', 'b.sql', 'staging']);
  });

  test('passes every other call through', () => {
    const kept = keepDirectoryListings(nodeFileSystem);
    expect(kept.exists(path.join(dir, 'models', 'a.yml'))).toBe(true);
    expect(kept.readText(path.join(dir, 'models', 'b.sql'))).toBe('');
  });
});
