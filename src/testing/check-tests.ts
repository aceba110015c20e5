// check's scenarios in VS Code's Testing view: one item per provided.* function of the workspace's templates,
// one child per scenario; running an item runs those scenarios on the emulator, as `lambda-runtime-kit check` does.
import path from 'node:path';
import * as vscode from 'vscode';
import {
  functionConfigOf,
  prepareCheckFunction,
  runCheck,
  SCENARIOS,
  type CheckTarget,
  type ScenarioResult,
} from '../core/check';
import type { WorkspaceFunction, WorkspaceFunctions } from '../views/workspace-functions';

export const CHECK_CONTROLLER_ID = 'lambdaRuntime.check';
const SCENARIO_SEPARATOR = '::';

/** What the Testing view shows and last concluded, as data (for the in-editor tests and bug reports). */
export interface CheckTestsSnapshot {
  readonly functions: { readonly id: string; readonly label: string; readonly scenarios: readonly string[] }[];
  readonly results: Readonly<Record<string, { readonly status: string; readonly message: string }>>;
  /** How many runs the editor has asked for since activation. */
  readonly runsStarted: number;
}

export class CheckTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController(CHECK_CONTROLLER_ID, 'Lambda Runtime check');
  private readonly byId = new Map<string, WorkspaceFunction>();
  private readonly results = new Map<string, { status: string; message: string }>();
  private readonly subscriptions: vscode.Disposable[];
  private refreshing: Promise<void> | undefined;
  private runsStarted = 0;

  constructor(
    private readonly functions: WorkspaceFunctions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.refresh();
    };
    this.controller.refreshHandler = () => this.refresh(true);
    this.subscriptions = [
      this.controller,
      this.controller.createRunProfile(
        'Run',
        vscode.TestRunProfileKind.Run,
        (request, token) => this.run(request, token),
        true,
      ),
      functions.onDidChange(() => void this.refresh()),
    ];
  }

  /** Lists the workspace's functions again and rebuilds the tree (items keep their ids, so results stay). */
  refresh(rescan = false): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const found = await this.functions.list(rescan);
        const items: vscode.TestItem[] = [];
        this.byId.clear();
        for (const entry of found) {
          if (!functionConfigOf(entry.fn)) continue;
          const id = `${entry.fn.template}#${entry.fn.name}`;
          this.byId.set(id, entry);
          const uri = vscode.Uri.file(entry.fn.template);
          const item = this.controller.createTestItem(id, entry.fn.name, uri);
          const { start } = entry.fn.nameRange;
          item.range = new vscode.Range(
            start.line,
            start.character,
            start.line,
            start.character + entry.fn.name.length,
          );
          item.description = entry.folder
            ? path.relative(entry.folder.uri.fsPath, entry.fn.template)
            : entry.fn.template;
          item.children.replace(
            SCENARIOS.map((scenario) => {
              const child = this.controller.createTestItem(
                `${id}${SCENARIO_SEPARATOR}${scenario.id}`,
                scenario.title,
                uri,
              );
              child.description = scenario.id;
              return child;
            }),
          );
          items.push(item);
        }
        this.controller.items.replace(items);
      } catch (error) {
        this.log.warn(`Testing: the functions of the workspace could not be listed: ${(error as Error).message}`);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** The tree and the last results, as data. */
  async snapshot(): Promise<CheckTestsSnapshot> {
    await this.refresh();
    const functions: CheckTestsSnapshot['functions'] = [];
    this.controller.items.forEach((item) => {
      const scenarios: string[] = [];
      item.children.forEach((child) => scenarios.push(child.id.slice(item.id.length + SCENARIO_SEPARATOR.length)));
      functions.push({ id: item.id, label: item.label, scenarios });
    });
    return { functions, results: Object.fromEntries(this.results), runsStarted: this.runsStarted };
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    this.runsStarted++;
    const run = this.controller.createTestRun(request);
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    // Scenario items to run, grouped by their function item.
    const groups = new Map<vscode.TestItem, vscode.TestItem[]>();
    const add = (parent: vscode.TestItem, child: vscode.TestItem) => {
      if (excluded.has(child.id) || excluded.has(parent.id)) return;
      const list = groups.get(parent) ?? [];
      if (!list.includes(child)) list.push(child);
      groups.set(parent, list);
    };
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((item) => roots.push(item));
    for (const item of roots) {
      if (item.parent) add(item.parent, item);
      else item.children.forEach((child) => add(item, child));
    }
    for (const children of groups.values()) for (const child of children) run.enqueued(child);
    this.log.info(
      `Testing: running ${[...groups].map(([parent, children]) => `${parent.label} (${children.length} scenario(s))`).join(', ') || 'nothing'}.`,
    );

    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      for (const [parent, children] of groups) {
        if (token.isCancellationRequested) break;
        await this.runFunction(run, parent, children, controller.signal);
      }
    } finally {
      cancel.dispose();
      run.end();
    }
  }

  private async runFunction(
    run: vscode.TestRun,
    parent: vscode.TestItem,
    children: readonly vscode.TestItem[],
    signal: AbortSignal,
  ): Promise<void> {
    // The template as it is now (re-read when it changed since the tree was built), not as it was listed.
    const entry = (await this.functions.list()).find((found) => `${found.fn.template}#${found.fn.name}` === parent.id);
    const fail = (message: string) => {
      for (const child of children) this.report(run, child, 'errored', message);
    };
    if (!entry || !functionConfigOf(entry.fn))
      return fail(`${parent.label} is no longer a custom-runtime function of its template.`);
    if (!vscode.workspace.isTrusted) {
      return fail(
        "The workspace is not trusted: check runs the function's bootstrap, so it waits until you trust the workspace.",
      );
    }
    // A CodeUri that is a .zip runs from its extracted copy, as serve --template runs it.
    let prepared;
    try {
      prepared = await prepareCheckFunction(entry.fn);
    } catch (error) {
      return fail(`check could not run: ${(error as Error).message}`);
    }
    if (!prepared) return fail(`${parent.label} is no longer a custom-runtime function of its template.`);
    const fn = prepared.config;
    const setting = vscode.workspace
      .getConfiguration('lambdaRuntime.check', entry.folder?.uri ?? vscode.Uri.file(entry.fn.template))
      .get<string>('errorHandler', '')
      .trim();
    const target: CheckTarget = {
      fn,
      ...(setting ? { errorHandler: setting } : {}),
      // A function the template runs as Managed Instances claims to support several workers.
      managedInstances: (fn.maxConcurrency ?? 0) > 0,
    };
    const itemOf = (id: string) => children.find((child) => child.id.endsWith(`${SCENARIO_SEPARATOR}${id}`));
    run.appendOutput(`Checking ${fn.name} (${fn.bootstrap}):\r\n`);
    try {
      await runCheck(target, {
        only: children.map((child) => child.id.slice(parent.id.length + SCENARIO_SEPARATOR.length)),
        signal,
        onStart: (scenario) => {
          const item = itemOf(scenario.id);
          if (item) run.started(item);
        },
        onResult: (result) => {
          const item = itemOf(result.id);
          if (item) this.reportResult(run, item, result);
        },
      });
    } catch (error) {
      fail(`check could not run: ${(error as Error).message}`);
    } finally {
      await prepared.dispose().catch(() => undefined);
    }
  }

  private reportResult(run: vscode.TestRun, item: vscode.TestItem, result: ScenarioResult): void {
    const line = `${result.status.toUpperCase()} ${result.id}: ${result.evidence}${result.fix ? ` Fix: ${result.fix}` : ''}`;
    run.appendOutput(`${line.replace(/\n/g, '\r\n')}\r\n`, undefined, item);
    if (result.status === 'pass') {
      run.passed(item, result.durationMs);
      this.results.set(item.id, { status: 'passed', message: result.evidence });
    } else if (result.status === 'skip') {
      run.skipped(item);
      this.results.set(item.id, { status: 'skipped', message: result.evidence });
    } else {
      const text = `${result.evidence}\n\nFix: ${result.fix ?? 'see the evidence.'}`;
      const message = new vscode.TestMessage(new vscode.MarkdownString().appendText(text));
      run.failed(item, message, result.durationMs);
      this.results.set(item.id, { status: 'failed', message: text });
    }
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, status: 'errored', text: string): void {
    run.errored(item, new vscode.TestMessage(text));
    this.results.set(item.id, { status, message: text });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
