import { readFlags } from '../config/read-flags.js';
import { locateProjectDir } from './locate-project-dir.js';
import { resolveLlmSettings } from '../config/resolve-llm-settings.js';
import { createLanguageModel } from '../llm/create-language-model.js';
import { runLlmTest } from '../llm/llm-test.js';
import type { CliIo } from './cli-io.js';
import { readDbtProject } from '../project/read-dbt-project.js';

/** `osmosis-ts llm test`: one small real request; a failure throws (exit 2 with the reason). */
export async function runLlmTestCommand(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const raw = readFlags(flags);
  const projectDir = locateProjectDir(raw, io, false);
  const settings = resolveLlmSettings(raw, io.env, readDbtProject(projectDir.dir)?.vars);
  const model = await createLanguageModel(settings);
  const result = await runLlmTest(model);
  io.term.out(
    [
      `provider: ${result.provider}`,
      `model:    ${result.model}`,
      `endpoint: ${result.baseUrl}`,
      `latency:  ${result.latencyMs} ms`,
      `tokens:   ${result.usage.inputTokens} in, ${result.usage.outputTokens} out`,
      `answer:   ${JSON.stringify(result.text.slice(0, 80))}`,
      'OK: the settings work.',
    ].join('\n') + '\n',
  );
  return 0;
}
