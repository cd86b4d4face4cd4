// ConfigError lives beside the base error, so a port (src/llm) can raise it without importing
// the config folder, which imports the ports.
export { ConfigError } from '../errors.js';
