import path from 'node:path';
import type { DocumentOptions } from './config/types.js';
import { buildGraph, type DocGraph } from './graph/build-graph.js';
import { placeholderSet, type DocState } from './inheritance/doc-state.js';
import type { InheritOptions } from './inheritance/inherit-column-docs.js';
import { caseHabitOf } from './edits/letter-case.js';
import { addsColumns, planYamlEdits, type FilePlan } from './edits/plan-yaml-edits.js';
import { unifiedDiff, type RenderedFiles } from './edits/rendered-files.js';
import { inheritSpecifiedKeys } from './inheritance/inherit-specified-keys.js';
import { stripEofBlankLines } from './yaml/strip-eof-blank-lines.js';
import { missingCatalogWarning } from './project/missing-catalog-warning.js';
import type { ProgressListener } from './progress.js';
import type { FileSystemPort, Ports } from './ports.js';
import { resolveOptionPaths } from './resolve-option-paths.js';
import { loadProject, type LoadedProject } from './project/load-project.js';
import type { DbtProjectFile } from './project/dbt-project.js';
import { readSeedSample } from './project/read-seed-sample.js';
import { routeSchemaFile } from './project/route-schema-file.js';
import { describePlan, pendingChangesOf, skippedForEdit } from './edits/skip-files.js';
import { unparseableFile, type SkippedFile } from './project/skipped-files.js';
import type { SeedSample } from './synthesis/types.js';
import { countUnknownColumns, lineageForState, lineageLookup, parseAllModelsAhead } from './lineage/lineage-for-state.js';
import { createSqlParser } from './lineage/parse-sql.js';
import { CHECK_DIFF_FILES, emptyLlmReport, type DocumentReport, type LineageReport } from './report.js';
import { applyYamlEdits } from './yaml/apply-edits.js';
import { YamlEditError, YamlInputError } from './yaml/errors.js';
import { readSchemaFile } from './yaml/read-schema-file.js';
import { renderSchemaFile } from './yaml/render-schema-file.js';
import { sortSequenceItems } from './yaml/sort-sequence.js';
import type { SchemaFile } from './yaml/types.js';
import type { CallRecord } from './synthesis/types.js';
import { DEFAULT_ENRICH_KEYS, type NodeEnrichment } from './enrich/types.js';
import type { EnrichPlan } from './enrich/plan-enrichment.js';
import { projectHabitsOf } from './enrich/enrich-target.js';
import { assertAllInsideProject, describeWriteError, writeEachFile } from './yaml/write-files.js';
import { docStateOf, inheritAll, selectWritable } from './inheritance/inherit-project.js';
import { staleManifestWarnings } from './project/stale-manifest-warnings.js';
import { keepDirectoryListings } from './project/list-files.js';

export interface DocumentRunContext {
  /** The file system, model factory, cache, clock and cwd the run uses (`nodePorts()`: the real ones). */
  ports: Ports;
  onProgress?: ProgressListener;
  /** Who a `--review` run records as the proposer (default: resolveReviewer's git or OS user). */
  reviewer?: string;
  /** dbt_project.yml as the caller already parsed it (the CLI reads it once per run); read here otherwise. */
  dbtProject?: DbtProjectFile;
}

/**
 * The schema file at `file` (relative to the project dir): one already read, or one a routing
 * rule names that exists outside the scanned paths (read now, so it is edited, not replaced).
 */
function schemaFileLoader(project: LoadedProject, fs: FileSystemPort): (file: string) => SchemaFile | undefined {
  // Planning asks for each new file once per node routed to it; nothing is written while it
  // runs, so a path found absent stays absent (one existsSync per path, not per node).
  const absent = new Set<string>();
  return (file) => {
    const known = project.schemaFiles.get(file);
    if (known) return known;
    if (absent.has(file)) return undefined;
    const abs = path.join(project.projectDir, file);
    if (!fs.exists(abs) || project.unreadableFiles.some((f) => f.path === file)) {
      absent.add(file);
      return undefined;
    }
    let loaded: SchemaFile;
    try {
      loaded = readSchemaFile(file, fs.readText(abs));
    } catch (err) {
      if (!(err instanceof YamlInputError)) throw err;
      project.unreadableFiles.push(unparseableFile(err, []));
      return undefined;
    }
    project.schemaFiles.set(file, loaded);
    return loaded;
  };
}

/**
 * Renders every file plan to its new text; unchanged files are dropped. A file whose edits the
 * engine refuses (a duplicate key or a shared anchor where the edit goes) is left as it is and
 * listed in `skipped`: it costs that file, not the run.
 */
function renderPlans(plans: Map<string, FilePlan>, project: LoadedProject, skipped: SkippedFile[], options: DocumentOptions): RenderedFiles {
  const finish = (text: string): string => (options.stripEofBlankLines ? stripEofBlankLines(text) : text);
  const out: RenderedFiles = new Map();
  for (const plan of plans.values()) {
    const unreadable = skipped.find((f) => f.path === plan.path && f.kind === 'unparseable');
    if (unreadable) {
      // Never replace a file that exists but could not be parsed: it would lose what it holds.
      unreadable.pendingChanges = true;
      unreadable.wouldWrite.push(...describePlan(plan));
      continue;
    }
    const existing = project.schemaFiles.get(plan.path);
    if (existing) {
      if (plan.edits.length === 0 && plan.sorts.length === 0) continue;
      let after: string;
      try {
        after = applyYamlEdits(existing.text, plan.edits, existing.document);
        // Sorting moves whole items, so it runs on the edited text, where added columns exist.
        for (const sort of plan.sorts) after = sortSequenceItems(after, sort.path, sort.names);
      } catch (err) {
        if (!(err instanceof YamlEditError)) throw err;
        const nodes = [...project.entries].filter(([, loc]) => loc.file === plan.path).map(([id]) => id);
        skipped.push(skippedForEdit(existing, plan.edits, err, nodes));
        continue;
      }
      after = finish(after);
      if (after !== existing.text) out.set(plan.path, { before: existing.text, after, isNew: false });
      continue;
    }
    const sections = plan.newSections;
    // A new file is rendered when its text is read, each time: by its write (one file at a time
    // while the other writes wait on the disk) or by the diff. Rendering 1,400 new files up front
    // took 0.2 s of a first run before the first write started, and kept every text to the end.
    if (sections) out.set(plan.path, { before: '', get after() { return finish(renderSchemaFile(sections)); }, isNew: true });
  }
  return out;
}

/** The CSV header and first rows of each selected seed, for its prompt; a warning for each one unread. */
function seedSamplesOf(project: LoadedProject, selected: ReadonlySet<string>, warnings: string[], fs: FileSystemPort, rows?: number): Map<string, SeedSample> {
  const samples = new Map<string, SeedSample>();
  for (const id of selected) {
    const node = project.manifest.nodes.get(id);
    if (node?.resourceType !== 'seed') continue;
    const { sample, problem } = readSeedSample(fs, project.projectDir, node.originalFilePath, rows);
    if (sample) samples.set(id, sample);
    else warnings.push(`${node.originalFilePath}: cannot read the CSV of seed ${id} (${problem}); its prompts carry no sample rows.`);
  }
  return samples;
}

/** The schema files that hold entries of the writable package. */
function writableSchemaFiles(project: LoadedProject): SchemaFile[] {
  const files = new Set<string>();
  for (const [id, located] of project.entries) if (project.manifest.nodes.get(id)?.packageName === project.writablePackage) files.add(located.file);
  return [...files].flatMap((file) => project.schemaFiles.get(file) ?? []);
}

/** Plans the edits of the selected nodes and renders every changed file; fills the report's file fields. */
/**
 * `keepEntries`: nodes that get an entry even when it would hold only their name (with `--review`,
 * the entries that approved proposals are applied into, so apply writes what a direct run writes).
 */
function planFiles(project: LoadedProject, fs: FileSystemPort, state: DocState, selected: ReadonlySet<string>, options: DocumentOptions, report: DocumentReport, keepEntries?: ReadonlySet<string>, enrich?: EnrichPlan): RenderedFiles {
  const docs = [...selected].map((id) => state.get(id)).filter((d) => d !== undefined);
  report.columnsAdded = docs.reduce((n, d) => n + ((d.entry || d.node.resourceType !== 'source') && addsColumns(d, options) ? d.columns.filter((c) => !c.yaml).length : 0), 0);
  const plans = planYamlEdits({
    docs,
    schemaFile: schemaFileLoader(project, fs),
    route: (node) => routeSchemaFile(node, project.dbtProject, project.schemaFiles.values()),
    projectCase: caseHabitOf(writableSchemaFiles(project)),
    options,
    ...(keepEntries ? { keepEntries } : {}),
    ...(enrich ? { enrich } : {}),
  });
  const skipped = report.skippedFiles.filter((f) => f.kind === 'unparseable').map((f) => ({ ...f, wouldWrite: [...f.wouldWrite] }));
  // A routed file outside the scanned paths that did not parse is only found while planning.
  for (const f of project.unreadableFiles) if (!skipped.some((s) => s.path === f.path)) skipped.push({ ...f, wouldWrite: [] });
  const rendered = renderPlans(plans, project, skipped, options);
  report.skippedFiles = skipped.sort((a, b) => a.path.localeCompare(b.path));
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
 * Load → inherit → (synthesize) → plan → write, with every file, model, cache and clock reached
 * through `ctx.ports` (library-entry.ts wires the real ones). Throws an input error (exit 2,
 * nothing written) for bad input.
 */
export async function documentProject(given: DocumentOptions, ctx: DocumentRunContext): Promise<DocumentReport> {
  // What the run started that must end with it, however it ends (the SQL parser's worker thread).
  const cleanup: Array<() => void> = [];
  try {
    return await documentRun(given, ctx, cleanup);
  } finally {
    for (const end of cleanup) end();
  }
}

async function documentRun(given: DocumentOptions, ctx: DocumentRunContext, cleanup: Array<() => void>): Promise<DocumentReport> {
  const { ports } = ctx;
  const { cwd, fs } = ports;
  const options = resolveOptionPaths(given, cwd);
  const emit = ctx.onProgress ?? (() => {});
  // Loaded on use (a run without --synthesize never loads an SDK, the tokenizer or SQLite), and
  // started now so the import overlaps the file system waits below.
  const synthesisModule = options.synthesize ? import('./synthesis/run/run-synthesis.js') : undefined;
  emit({ type: 'phase', phase: 'load' });
  const sqlParser = options.lineage !== false ? await createSqlParser() : undefined;
  if (sqlParser) {
    cleanup.push(() => {
      sqlParser.close();
    });
  }
  // A run over the whole project asks about every model: their SQL is parsed ahead from the moment
  // the manifest is read. A selection waits for the graph to say which models it needs.
  const wholeProject = options.select.length === 0 && options.exclude.length === 0 && options.positional.length === 0 && (options.fqn ?? []).length === 0;
  let early: DocGraph | undefined;
  // The schema files' listing and the stale-manifest check walk the same model folders: read each
  // folder once (0.1 s at 10,000 models). Kept only until that check, before anything is written.
  let listing: FileSystemPort | undefined = keepDirectoryListings(fs);
  const project = loadProject(options, listing, ctx.dbtProject, sqlParser && wholeProject ? {
    onManifest: (manifest) => {
      early = buildGraph(manifest.nodes);
      parseAllModelsAhead(sqlParser, manifest, early.topologicalOrder());
    },
  } : {});
  const graph = early ?? buildGraph(project.manifest.nodes);
  const order = graph.topologicalOrder();
  // Nodes of a file that could not be read are documented from the manifest, never written.
  const unreadableNodes = new Set(project.unreadableFiles.flatMap((f) => f.nodes));
  const selected = new Set([...selectWritable(project, graph, options, cwd)].filter((id) => !unreadableNodes.has(id)));

  emit({ type: 'phase', phase: 'inherit' });
  const state = docStateOf(project, unreadableNodes);
  const placeholders = placeholderSet(options.placeholders);
  const inheritOpts: InheritOptions = {
    forceInheritDescriptions: options.forceInheritDescriptions,
    placeholders,
    skipInheritDescriptions: options.skipInheritDescriptions === true,
    skipAddTags: options.skipAddTags === true,
    skipMergeMeta: options.skipMergeMeta === true,
    skipMetaKeys: new Set(options.skipInheritanceForMetaKeys ?? []),
  };
  const lineageReport: LineageReport = { modelsParsed: 0, modelsFallback: 0, columnsUnknown: 0 };
  let countLineage = (): void => {};
  let endParseAhead = (): string | undefined => undefined;
  if (options.lineage !== false) {
    const catalog = project.catalog;
    // Inheritance asks about the selected models and their ancestors, parents first: their SQL is
    // parsed ahead in that order on a worker thread (from the manifest on, for the whole project).
    const asked = wholeProject ? undefined : new Set([...selected, ...graph.ancestorsOf(selected)]);
    const lineage = await lineageForState(project.manifest, state, (id) => catalog?.nodes.has(id) ?? false, {
      ...(sqlParser ? { parser: sqlParser } : {}),
      ...(asked ? { parseAhead: order.filter((id) => asked.has(id)) } : {}),
    });
    endParseAhead = () => lineage.close();
    inheritOpts.lineage = lineageLookup(lineage);
    // Counted after inheritance: lineage is resolved on use, and only what the run needed is counted.
    countLineage = () => Object.assign(lineageReport, { modelsParsed: lineage.modelsParsed, modelsFallback: lineage.modelsFallback, columnsUnknown: countUnknownColumns(lineage, state, selected) });
  }
  // After the worker's start: listing and stat'ing the SQL files overlaps its loading the parser.
  const warnings = [...project.warnings, ...(await staleManifestWarnings(project, listing))];
  listing = undefined;
  const inheritance = inheritAll(order, state, graph, inheritOpts, selected);
  countLineage();
  // Lineage is memoized per model from here on: the worker has nothing left to parse.
  const parseAheadFailure = endParseAhead();
  // Only synthesis inherits again: otherwise the lineage maps (about 30 MB at 10,000 models) go
  // before planning and rendering, where a first run peaks.
  countLineage = () => {};
  endParseAhead = () => undefined;
  if (!synthesisModule) delete inheritOpts.lineage;
  let columnsInherited = inheritance.inherited;
  inheritSpecifiedKeys(order, state, (n) => graph.walkAncestorGenerations(n), options.addInheritanceForSpecifiedKeys ?? []);
  const catalogWarning = missingCatalogWarning([...selected].flatMap((id) => state.get(id) ?? []), project.catalog !== undefined, options.skipAddColumns);
  if (catalogWarning) warnings.push(catalogWarning);
  if (parseAheadFailure) warnings.push(`${parseAheadFailure}; the main thread parsed the rest of the SQL (the lineage is the same, the run slower).`);

  const report: DocumentReport = {
    changedFiles: [],
    fileChanges: [],
    nodesConsidered: selected.size,
    columnsInherited: 0,
    columnsInheritedByLineage: inheritance.byLineage,
    lineage: lineageReport,
    inheritedThroughRename: inheritance.renamed,
    columnsAdded: 0,
    columnsSynthesized: 0,
    modelDescriptionsSynthesized: 0,
    failures: [],
    llm: emptyLlmReport(options.synthesis?.maxCostUsd),
    written: false,
    diff: '',
    warnings,
    stoppedAtBudget: false,
    stoppedWaitingForBatch: false,
    synthesisNodesLeft: 0,
    skippedFiles: project.unreadableFiles,
    yamlWarnings: [...project.schemaFiles.values()].flatMap((f) => f.diagnostics ?? []),
  };

  const llmDryRun = options.synthesis?.llmDryRun ?? false;
  // `--review`: what synthesis writes into the state goes to proposals instead (src/review/).
  const reviewModule = options.review === true && !llmDryRun && synthesisModule ? import('./review/propose-run-results.js') : undefined;
  const reviewBefore = reviewModule ? (await import('./review/snapshot-docs.js')).snapshotDocs(state, selected) : undefined;
  const calls: CallRecord[] = [];
  let proposedNodes: Set<string> | undefined;
  let enrichPlan: EnrichPlan | undefined;
  if (synthesisModule && options.synthesis) {
    emit({ type: 'phase', phase: llmDryRun ? 'estimate' : 'synthesize' });
    const { runSynthesis } = await synthesisModule;
    const seedSamples = seedSamplesOf(project, selected, warnings, fs, options.synthesis.sampleRows);
    const enrichInput = options.synthesis.enrich ? await (await import('./project/read-enrich-input.js')).readEnrichInput(project, selected, options.synthesis, warnings) : undefined;
    const outcome = await runSynthesis({
      state, graph, order, selected, options: options.synthesis, placeholders, inheritOpts, emit, seedSamples, ports,
      ...(enrichInput ? { enrichInput } : {}),
      // Also recorded without --review: enrichment is proposed unless --enrich-apply.
      ...(!llmDryRun ? { onCall: (call: CallRecord) => calls.push(call) } : {}),
    });
    columnsInherited += outcome.columnsInheritedAfterSynthesis;
    report.columnsSynthesized = outcome.columnsSynthesized;
    report.modelDescriptionsSynthesized = outcome.modelDescriptionsSynthesized;
    report.failures = outcome.failures;
    report.llm = outcome.llm;
    report.stoppedAtBudget = outcome.stoppedAtBudget;
    report.stoppedWaitingForBatch = outcome.stoppedWaiting;
    report.synthesisNodesLeft = outcome.nodesLeft;
    if (outcome.plan) report.llmPlan = outcome.plan;
    if (outcome.enrichments) report.enriched = (await import('./enrich/count-enriched.js')).countEnriched(outcome.enrichments.values());
    warnings.push(...outcome.warnings);
    const enrichments: Map<string, NodeEnrichment> | undefined = outcome.enrichments?.size ? outcome.enrichments : undefined;
    const enrichKeys = options.enrichKeys ?? DEFAULT_ENRICH_KEYS;
    if (enrichments && options.enrichApply) {
      const projectHabits = projectHabitsOf(writableSchemaFiles(project));
      enrichPlan = { byNode: enrichments, keys: enrichKeys, projectHabits, ...(project.manifest.dbtVersion ? { dbtVersion: project.manifest.dbtVersion } : {}) };
    }
    // Review by default (spec/enrich.md): a wrong `unique` test breaks a build.
    const enrichToPropose = enrichments && !options.enrichApply && !llmDryRun ? { byNode: enrichments, keys: enrichKeys } : undefined;
    if (enrichToPropose && !(reviewModule && reviewBefore)) {
      const { proposeRunResults } = await import('./review/propose-run-results.js');
      const { resolveReviewer } = await import('./review/resolve-reviewer.js');
      const actor = await resolveReviewer(ctx.reviewer, {}, project.projectDir);
      const proposed = await proposeRunResults({ project, state, graph, before: new Map(), calls, synthesis: options.synthesis, placeholders, actor, writeNothing: options.dryRun || options.check, enrichments: enrichToPropose });
      report.proposals = proposed.counts;
      warnings.push(...proposed.warnings);
    }
    // An entry the proposals are applied into is written now, even when it would hold only a name.
    const enrichedNodes = enrichToPropose ? [...enrichToPropose.byNode.keys()].filter((id) => selected.has(id) && !state.get(id)?.entry) : [];
    if (enrichedNodes.length > 0) proposedNodes = new Set(enrichedNodes);
    if (reviewModule && reviewBefore) {
      const { proposeRunResults } = await reviewModule;
      // Taken before the proposals take the machine text back out of the state.
      proposedNodes = new Set([...(proposedNodes ?? []), ...[...selected].filter((id) => {
        const doc = state.get(id);
        return doc !== undefined && !doc.entry && (doc.descriptionOrigin === 'synthesized' || doc.columns.some((c) => c.origin === 'synthesized'));
      })]);
      const { resolveReviewer } = await import('./review/resolve-reviewer.js');
      const actor = await resolveReviewer(ctx.reviewer, {}, project.projectDir);
      const proposed = await proposeRunResults({ project, state, graph, before: reviewBefore, calls, synthesis: options.synthesis, placeholders, actor, writeNothing: options.dryRun || options.check, ...(enrichToPropose ? { enrichments: enrichToPropose } : {}) });
      report.proposals = proposed.counts;
      warnings.push(...proposed.warnings);
      // Children re-inherited machine text during synthesis; that count goes with the proposals.
      columnsInherited -= outcome.columnsInheritedAfterSynthesis;
    }
  }
  report.columnsInherited = columnsInherited;
  const pendingOptions = { skipAddColumns: options.skipAddColumns, synthesize: options.synthesize, placeholders };
  const unreadable = project.unreadableFiles.map((f) => {
    const wouldWrite = f.writable ? pendingChangesOf(f.nodes, state, pendingOptions) : [];
    return { ...f, pendingChanges: wouldWrite.length > 0, wouldWrite };
  });
  report.skippedFiles = [...unreadable, ...report.skippedFiles.filter((f) => f.kind === 'unsafe-edit')];
  const rendered = planFiles(project, fs, state, selected, options, report, proposedNodes, enrichPlan);

  const writeNothing = options.dryRun || options.check || llmDryRun;
  await assertAllInsideProject(fs, project.projectDir, report.changedFiles);
  if (!writeNothing && rendered.size > 0) {
    emit({ type: 'phase', phase: 'write', detail: `${rendered.size} files` });
    const writes = report.changedFiles.flatMap((file) => {
      const change = rendered.get(file);
      return change ? [[file, change] as const] : [];
    });
    // A new file's text is rendered here, as its write starts (renderPlans), while the other
    // writes wait on the disk. A file that cannot be written costs that file: it is reported as
    // skipped with its changes pending (exit 3), and the others are written.
    const failed = await writeEachFile(writes, ([file, change]) => fs.writeAtomic(path.join(project.projectDir, file), change.after));
    if (failed.length > 0) reportUnwritten(report, failed.map(({ item: [file], error }) => ({ file, error })));
    report.written = report.changedFiles.length > 0;
  }
  return report;
}

/** Moves the files that could not be written from `changedFiles` to `skippedFiles`. */
function reportUnwritten(report: DocumentReport, failed: readonly { file: string; error: unknown }[]): void {
  const unwritten = new Set(failed.map((f) => f.file));
  const changesOf = new Map((report.fileChanges ?? []).map((c) => [c.file, c.nodes]));
  report.changedFiles = report.changedFiles.filter((f) => !unwritten.has(f));
  if (report.fileChanges) report.fileChanges = report.fileChanges.filter((c) => !unwritten.has(c.file));
  for (const { file, error } of failed) {
    const nodes = changesOf.get(file) ?? [];
    report.skippedFiles.push({
      path: file,
      kind: 'unwritable',
      reason: describeWriteError(error),
      nodes: nodes.map((n) => n.node),
      writable: true,
      pendingChanges: true,
      wouldWrite: nodes.map((n) => `${n.newEntry ? 'a new entry for' : 'changes to'} ${n.node}${n.columns.length > 0 ? ` (${n.columns.length} column${n.columns.length === 1 ? '' : 's'})` : ''}`),
    });
  }
  report.skippedFiles.sort((a, b) => a.path.localeCompare(b.path));
}
