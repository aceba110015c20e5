// The bootstrap and the files it sources run in one shell: what one defines, the others see. These build the
// scope each file's rules get, and the contexts in which the sourced files are checked.
import path from 'node:path';
import type { ScriptScope, ShellContext } from './context';
import type { ShellModel } from './model';
import type { SourceGraph } from './sources';
import { modelExtendsPath } from './tools';

/** Whether the script has a `source` or `.` command (only then are files followed). */
export function sourcesSomething(model: ShellModel): boolean {
  return model.commands.some((command) => command.name === 'source' || command.name === '.');
}

/** Whether some source command, in any file of the set, reads code the linter could not follow. */
export function unknownSources(graph: SourceGraph): boolean {
  return graph.commands.some((source) =>
    (graph.unknownCode.get(source.file) ?? []).includes(source.command.node.start),
  );
}

/** What the bootstrap and its sourced files define together, as seen from `file`. */
export function scopeOf(graph: SourceGraph, bootstrapModel: ShellModel, file: string): ScriptScope {
  const models = [bootstrapModel, ...graph.scripts.map((script) => script.model)];
  const files = [graph.bootstrap, ...graph.scripts.map((script) => script.doc.file)];
  const absolute = path.resolve(file);
  return {
    functions: new Set(models.flatMap((model) => [...model.functions.keys()])),
    assigned: new Set(models.flatMap((model) => model.assignments.map((assignment) => assignment.name))),
    unknownCode: graph.unknownCode.get(absolute) ?? [],
    others: files.filter((other) => other !== absolute),
    extendsPath: models.some(modelExtendsPath),
  };
}

/** Contexts for the files the bootstrap sources, each seeing what the whole set defines. */
export function sourcedContexts(bootstrap: ShellContext, graph: SourceGraph): ShellContext[] {
  return graph.scripts.map((script) => ({
    ...bootstrap,
    doc: script.doc,
    file: script.doc.file,
    text: script.doc.text,
    lines: script.lines,
    model: script.model,
    // `source` ignores a shebang (and the options on it): the file runs in the bootstrap's shell and dialect.
    shebang: undefined,
    dialect: bootstrap.dialect,
    scope: {
      ...scopeOf(graph, bootstrap.model, script.doc.file),
      sourcedBy: { file: bootstrap.file, model: bootstrap.model, shebang: bootstrap.shebang, at: script.rootAt },
    },
  }));
}
