import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { DocumentOptions } from './config/types.js';
import { buildGraph, type DocGraph } from './graph/build-graph.js';
import { selectNodes } from './graph/select.js';
import { buildDocState } from './inheritance/build-doc-state.js';
import { placeholderSet, type DocState } from './inheritance/doc-state.js';
import { inheritColumnDocs, type InheritOptions } from './inheritance/inherit-column-docs.js';
import { planYamlEdits, type FilePlan } from './plan/plan-yaml-edits.js';
import type { ProgressListener } from './progress.js';
import { listProjectFiles } from './project/list-project-files.js';
import { loadProject, type LoadedProject } from './project/load-project.js';
import { checkManifestFreshness } from './project/stale-manifest.js';
import { routeSchemaFile } from './project/route-schema-file.js';
import { CHECK_DIFF_FILES, emptyLlmReport, type DocumentReport } from './report.js';
import { applyYamlEdits } from './yaml/apply-edits.js';
import { readSchemaFile } from './yaml/read-schema-file.js';
import { renderSchemaFile } from './yaml/render-schema-file.js';
import type { SchemaFile } from './yaml/types.js';
import { assertInsideProject, writeFileAtomic } from './yaml/write-files.js';

export interface DocumentRunContext {
  cwd?: string;
  onProgress?: ProgressListener;
}

/** Package name → its directory relative to the project dir ('' for the project itself). */
function packageDirs(project: LoadedProject): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const pkg of project.packages.values()) dirs.set(pkg.name, path.relative(project.projectDir, pkg.dir).split(path.sep).join('/'));
  return dirs;
}

export function selectWritable(project: LoadedProject, graph: DocGraph, options: DocumentOptions, cwd: string): Set<string> {
  const selected = selectNodes(
    graph,
    project.manifest.nodes,
    { select: options.select, exclude: options.exclude, positional: options.positional },
    { projectDir: project.projectDir, cwd, packageDirs: packageDirs(project) },
  );
  return new Set([...selected].filter((id) => project.manifest.nodes.get(id)?.packageName === project.writablePackage));
}

/**
 * Warnings when the manifest is older than the project's SQL or misses models. YAML newer than
 * the manifest is fine: osmosis-ts reads the YAML itself (and writes it, which would make every
 * second run warn).
 */
export async function staleManifestWarnings(project: LoadedProject): Promise<string[]> {
  const { dbtProject } = project;
  // Only SQL is checked, so only SQL is listed and stat'ed.
  const files = await listProjectFiles(project.projectDir, [...dbtProject.modelPaths, ...dbtProject.snapshotPaths], ['.sql']);
  const manifestFilePaths = new Set(
    [...project.manifest.nodes.values()].filter((n) => n.packageName === project.writablePackage).map((n) => n.originalFilePath.split(path.sep).join('/')),
  );
  return checkManifestFreshness({
    projectDir: project.projectDir,
    manifestPath: project.manifest.path,
    manifestMtimeMs: statSync(project.manifest.path).mtimeMs,
    files,
    manifestFilePaths,
  }).map((w) => w.message);
}

/** Each node's documentation state as the project's YAML and catalog have it, before inheritance. */
export function docStateOf(project: LoadedProject): DocState {
  return buildDocState({
    nodes: project.manifest.nodes,
    entries: project.entries,
    writablePackage: project.writablePackage,
    ...(project.catalog ? { catalog: project.catalog } : {}),
  });
}

/** Runs inheritance over every node, parents first; returns how many selected columns inherited. */
export function inheritAll(order: readonly string[], state: DocState, graph: DocGraph, opts: InheritOptions, selected: ReadonlySet<string>): number {
  let inherited = 0;
  for (const id of order) {
    const changes = inheritColumnDocs(id, state, (n) => graph.walkAncestorGenerations(n), opts);
    if (selected.has(id)) inherited += changes.length;
  }
  return inherited;
}

/**
 * The schema file at `file` (relative to the project dir): one already read, or one a routing
 * rule names that exists outside the scanned paths (read now, so it is edited, not replaced).
 */
function schemaFileLoader(project: LoadedProject): (file: string) => SchemaFile | undefined {
  return (file) => {
    const known = project.schemaFiles.get(file);
    if (known) return known;
    const abs = path.join(project.projectDir, file);
    if (!existsSync(abs)) return undefined;
    const loaded = readSchemaFile(file, readFileSync(abs, 'utf8'));
    project.schemaFiles.set(file, loaded);
    return loaded;
  };
}

/** New text of each changed file, by path relative to the project dir. */
type RenderedFiles = Map<string, { before: string; after: string; isNew: boolean }>;

/** Renders every file plan to its new text; unchanged files are dropped. */
function renderPlans(plans: Map<string, FilePlan>, project: LoadedProject): RenderedFiles {
  const out: RenderedFiles = new Map();
  for (const plan of plans.values()) {
    const existing = project.schemaFiles.get(plan.path);
    if (existing) {
      if (plan.edits.length === 0) continue;
      const after = applyYamlEdits(existing.text, plan.edits, existing.document);
      if (after !== existing.text) out.set(plan.path, { before: existing.text, after, isNew: false });
      continue;
    }
    if (plan.newSections) out.set(plan.path, { before: '', after: renderSchemaFile(plan.newSections), isNew: true });
  }
  return out;
}

function unifiedDiff(files: RenderedFiles): string {
  return [...files.keys()]
    .sort()
    .map((file) => {
      const change = files.get(file);
      if (!change) return '';
      return createTwoFilesPatch(change.isNew ? '/dev/null' : `a/${file}`, `b/${file}`, change.before, change.after, '', '', { context: 3 });
    })
    .join('');
}

/** Plans the edits of the selected nodes and renders every changed file; fills the report's file fields. */
function planFiles(project: LoadedProject, state: DocState, selected: ReadonlySet<string>, options: DocumentOptions, report: DocumentReport): RenderedFiles {
  const docs = [...selected].map((id) => state.get(id)).filter((d) => d !== undefined);
  report.columnsAdded = options.skipAddColumns ? 0 : docs.reduce((n, d) => n + (d.entry || d.node.resourceType === 'model' ? d.columns.filter((c) => !c.yaml).length : 0), 0);
  const plans = planYamlEdits({
    docs,
    schemaFile: schemaFileLoader(project),
    route: (node) => routeSchemaFile(node, project.dbtProject.modelsConfig, project.dbtProject.modelPaths),
    options,
  });
  const rendered = renderPlans(plans, project);
  report.changedFiles = [...rendered.keys()].sort();
  report.fileChanges = report.changedFiles.map((file) => ({ file, nodes: plans.get(file)?.changes ?? [] }));
  // A diff of every file costs more than the rest of the run on large projects: only on request
  // (a failing --check shows the start of the first few files' diffs).
  if (options.dryRun) report.diff = unifiedDiff(rendered);
  else if (options.check) {
    const shown = new Set(report.changedFiles.slice(0, CHECK_DIFF_FILES));
    report.diff = unifiedDiff(new Map([...rendered].filter(([file]) => shown.has(file))));
  }
  return rendered;
}

/**
 * The library entry: load → inherit → (synthesize) → plan → write. The CLI calls this; so can
 * any program. Throws an input error (exit 2, nothing written) for bad input.
 */
export async function documentProject(options: DocumentOptions, ctx: DocumentRunContext = {}): Promise<DocumentReport> {
  const cwd = ctx.cwd ?? process.cwd();
  const emit = ctx.onProgress ?? (() => {});
  // Loaded on use (a run without --synthesize never loads an SDK, the tokenizer or SQLite), and
  // started now so the import overlaps the file system waits below.
  const synthesisModule = options.synthesize ? import('./synthesis/run-synthesis.js') : undefined;
  emit({ type: 'phase', phase: 'load' });
  const project = loadProject(options);
  const graph = buildGraph(project.manifest.nodes);
  const order = graph.topologicalOrder();
  const selected = selectWritable(project, graph, options, cwd);
  const warnings = [...project.warnings, ...(await staleManifestWarnings(project))];
  if (selected.size === 0) warnings.push(`No node of project '${project.writablePackage}' matches the selection: nothing to do.`);

  emit({ type: 'phase', phase: 'inherit' });
  const state = docStateOf(project);
  const placeholders = placeholderSet(options.placeholders);
  const inheritOpts: InheritOptions = { forceInheritDescriptions: options.forceInheritDescriptions, placeholders };
  let columnsInherited = inheritAll(order, state, graph, inheritOpts, selected);

  const report: DocumentReport = {
    changedFiles: [],
    fileChanges: [],
    nodesConsidered: selected.size,
    columnsInherited: 0,
    columnsAdded: 0,
    columnsSynthesized: 0,
    modelDescriptionsSynthesized: 0,
    failures: [],
    llm: emptyLlmReport(options.synthesis?.maxCostUsd),
    written: false,
    diff: '',
    warnings,
    stoppedAtBudget: false,
    synthesisNodesLeft: 0,
  };

  // The LLM dry run fills the state with stand-ins of typical length to size children's prompts:
  // what it would write is what inheritance writes, so plan the files before estimating.
  const llmDryRun = options.synthesis?.llmDryRun ?? false;
  let rendered = llmDryRun ? planFiles(project, state, selected, options, report) : undefined;
  if (synthesisModule && options.synthesis) {
    emit({ type: 'phase', phase: llmDryRun ? 'estimate' : 'synthesize' });
    const { runSynthesis } = await synthesisModule;
    const outcome = await runSynthesis({ state, graph, order, selected, options: options.synthesis, placeholders, inheritOpts, emit });
    columnsInherited += outcome.columnsInheritedAfterSynthesis;
    report.columnsSynthesized = outcome.columnsSynthesized;
    report.modelDescriptionsSynthesized = outcome.modelDescriptionsSynthesized;
    report.failures = outcome.failures;
    report.llm = outcome.llm;
    report.stoppedAtBudget = outcome.stoppedAtBudget;
    report.synthesisNodesLeft = outcome.nodesLeft;
    if (outcome.plan) report.llmPlan = outcome.plan;
    warnings.push(...outcome.warnings);
  }
  report.columnsInherited = columnsInherited;
  rendered ??= planFiles(project, state, selected, options, report);

  const writeNothing = options.dryRun || options.check || llmDryRun;
  for (const file of report.changedFiles) await assertInsideProject(project.projectDir, file);
  if (!writeNothing && rendered.size > 0) {
    emit({ type: 'phase', phase: 'write', detail: `${rendered.size} files` });
    for (const file of report.changedFiles) {
      const change = rendered.get(file);
      if (change) await writeFileAtomic(path.join(project.projectDir, file), change.after);
    }
    report.written = true;
  }
  return report;
}
