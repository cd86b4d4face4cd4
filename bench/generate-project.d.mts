export interface GenerateOptions {
  models: number;
  columnsPerModel?: number;
  docRatio?: number;
  seed?: number;
  /** 'first-run': an undocumented project (five YAML files, one new file per folder of 7 models). */
  shape?: 'rerun' | 'first-run';
}

export interface GeneratedProject {
  dir: string;
  models: number;
  sources: number;
  yamlFiles: number;
  sqlFiles: number;
  columns: number;
}

export function generateProject(dir: string, options: GenerateOptions): GeneratedProject;
export const MODELS_PER_YAML: number;
