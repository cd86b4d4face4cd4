/**
 * Parses a structured answer's text. Tolerates a Markdown code fence around the JSON (JSON-mode
 * servers add one now and then); anything else that does not parse gives undefined, and the
 * caller validates and asks for a repair.
 */
export function parseJsonAnswer(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i.exec(trimmed);
  const candidate = fenced?.[1] ?? trimmed;
  if (candidate === '') return undefined;
  try {
    return JSON.parse(candidate) as unknown;
  } catch {
    return undefined;
  }
}
