import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveReviewer } from '../../src/review/resolve-reviewer.js';

const repo = mkdtempSync(path.join(os.tmpdir(), 'osmosis-reviewer-'));
const bare = mkdtempSync(path.join(os.tmpdir(), 'osmosis-reviewer-bare-'));
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(bare, { recursive: true, force: true });
});

describe('resolveReviewer', () => {
  it('flag, then OSMOSIS_REVIEWER, then git user.name <user.email>, then the OS user', async () => {
    execFileSync('git', ['init', '-q'], { cwd: repo });
    execFileSync('git', ['config', 'user.name', 'Grace Hopper'], { cwd: repo });
    execFileSync('git', ['config', 'user.email', 'grace@example.com'], { cwd: repo });
    expect(await resolveReviewer(' Ada ', { OSMOSIS_REVIEWER: 'Bob' }, repo)).toBe('Ada');
    expect(await resolveReviewer(undefined, { OSMOSIS_REVIEWER: 'Bob' }, repo)).toBe('Bob');
    expect(await resolveReviewer('', { OSMOSIS_REVIEWER: ' ' }, repo)).toBe('Grace Hopper <grace@example.com>');
    // Outside any repository, with no global git identity visible: the OS user.
    const home = mkdtempSync(path.join(os.tmpdir(), 'osmosis-reviewer-home-'));
    const savedHome = process.env['HOME'];
    const savedXdg = process.env['XDG_CONFIG_HOME'];
    process.env['HOME'] = home;
    process.env['XDG_CONFIG_HOME'] = home;
    process.env['GIT_CONFIG_NOSYSTEM'] = '1';
    try {
      expect(await resolveReviewer(undefined, {}, bare)).toBe(os.userInfo().username);
    } finally {
      if (savedHome === undefined) delete process.env['HOME'];
      else process.env['HOME'] = savedHome;
      if (savedXdg === undefined) delete process.env['XDG_CONFIG_HOME'];
      else process.env['XDG_CONFIG_HOME'] = savedXdg;
      delete process.env['GIT_CONFIG_NOSYSTEM'];
      rmSync(home, { recursive: true, force: true });
    }
  });
});
