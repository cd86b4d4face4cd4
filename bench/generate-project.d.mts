export interface GenerateOptions {
  models: number;
  columnsPerModel?: number;
  docRatio?: number;
  seed?: number;
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
