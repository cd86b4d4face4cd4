/** Kept in step with package.json by the release script's check (tests/cli/version.test.ts). */
export const VERSION = '0.1.0';
