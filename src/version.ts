/** Kept in step with package.json (tests/cli/readme.test.ts checks it). */
export const VERSION = '0.1.0';
