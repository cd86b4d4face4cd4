/**
 * The oracles' YAML reading, independent of src/: the `yaml` package's parse, plus the one PyYAML
 * (dbt) difference the corpus has: a block scalar that ends the file without a final line break
 * has no trailing `\n`. (tests/yaml/pyyaml-differential.test.ts checks src/ against PyYAML itself.)
 */
import { parse } from 'yaml';

export function readYamlAsDbt(text: string): any {
  const data = parse(text);
  if (text.endsWith('\n') || typeof data !== 'object' || data === null) return data;
  // The last value in document order is the one that runs to the end of the file.
  let holder: any = data;
  for (;;) {
    const keys = Array.isArray(holder) ? holder.map((_: unknown, i: number) => i) : Object.keys(holder);
    const last = keys[keys.length - 1];
    if (last === undefined) return data;
    const value = holder[last];
    if (typeof value === 'string') {
      if (value.endsWith('\n')) holder[last] = value.slice(0, -1);
      return data;
    }
    if (typeof value !== 'object' || value === null) return data;
    holder = value;
  }
}
