import { execFile } from 'node:child_process';
import os from 'node:os';
import { ReviewError } from './review-error.js';

function gitConfig(key: string, cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', key], { cwd, timeout: 3000 }, (error, stdout) => {
      const value = stdout.trim();
      resolve(error || value === '' ? undefined : value);
    });
  });
}

/**
 * Who is acting: `--reviewer`, else OSMOSIS_REVIEWER, else git's `user.name <user.email>`, else
 * the OS user. Recorded on every action, so it is never empty.
 */
export async function resolveReviewer(flag: string | undefined, env: Record<string, string | undefined>, cwd?: string): Promise<string> {
  if (flag !== undefined && flag.trim() !== '') return flag.trim();
  const fromEnv = env['OSMOSIS_REVIEWER'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const [name, email] = await Promise.all([gitConfig('user.name', cwd), gitConfig('user.email', cwd)]);
  if (name !== undefined) return email !== undefined ? `${name} <${email}>` : name;
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment may still name the user.
    const named = env['USER'] ?? env['USERNAME'];
    if (named !== undefined && named.trim() !== '') return named.trim();
    throw new ReviewError('review-reviewer', 'cannot tell who is acting (no git user.name and no OS user name): pass --reviewer NAME or set OSMOSIS_REVIEWER.');
  }
}
