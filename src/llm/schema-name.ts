/**
 * Both OpenAI (`json_schema.name`) and Anthropic (tool names) accept only `[A-Za-z0-9_-]{1,64}`;
 * a name outside that would fail every request with a 400.
 */
export function toWireSchemaName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'answer' : cleaned;
}
