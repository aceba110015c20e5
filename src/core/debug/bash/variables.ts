// The variables a stopped bash process sees, read once per stop (`declare -p` and the `local` list the trap
// wrote) and sorted into the Variables view's scopes.
import { parseDeclarations, type BashVariable } from './declare-parser';
import type { ProcessLink } from './process-link';

export type ScopeName = 'locals' | 'globals' | 'environment' | 'shell';

/** Variables bash itself sets: shown apart so that the script's own are easy to find. */
const SHELL_VARIABLES = new Set([
  'BASH',
  'BASHOPTS',
  'BASHPID',
  'BASH_ALIASES',
  'BASH_ARGC',
  'BASH_ARGV',
  'BASH_ARGV0',
  'BASH_CMDS',
  'BASH_COMMAND',
  'BASH_LINENO',
  'BASH_LOADABLES_PATH',
  'BASH_REMATCH',
  'BASH_SOURCE',
  'BASH_SUBSHELL',
  'BASH_VERSINFO',
  'BASH_VERSION',
  'BASH_COMPAT',
  'BASH_XTRACEFD',
  'COLUMNS',
  'COMP_WORDBREAKS',
  'DIRSTACK',
  'EPOCHREALTIME',
  'EPOCHSECONDS',
  'EUID',
  'FUNCNAME',
  'GROUPS',
  'HISTCMD',
  'HISTFILE',
  'HISTFILESIZE',
  'HISTSIZE',
  'HOSTNAME',
  'HOSTTYPE',
  'IFS',
  'LINENO',
  'LINES',
  'MACHTYPE',
  'MAILCHECK',
  'OPTERR',
  'OPTIND',
  'OSTYPE',
  'PIPESTATUS',
  'PPID',
  'PS1',
  'PS2',
  'PS4',
  'RANDOM',
  'SECONDS',
  'SHELLOPTS',
  'SRANDOM',
  'UID',
  '_',
]);

/** The debugger's own variables (the harness names all of them so). */
const isDebuggers = (name: string) => name.startsWith('_lrk_');

const byName = (a: BashVariable, b: BashVariable) => a.name.localeCompare(b.name);

export class ProcessVariables {
  private loaded: Promise<{ all: BashVariable[]; locals: BashVariable[] }> | undefined;

  constructor(private readonly link: ProcessLink) {}

  private load(): Promise<{ all: BashVariable[]; locals: BashVariable[] }> {
    return (this.loaded ??= (async () => {
      const [vars, locals] = [
        await this.link.request('vars', [], 'vars'),
        await this.link.request('locals', [], 'locals'),
      ];
      const all = parseDeclarations(vars.fields[0] ?? '');
      // IFS is local to the debugger's function while it is stopped: the script's value was kept aside.
      const scriptIfs = all.find((variable) => variable.name === '_lrk_ifs');
      const fixed = all
        .filter((variable) => !isDebuggers(variable.name))
        .map((variable) => (variable.name === 'IFS' && scriptIfs ? { ...variable, value: scriptIfs.value } : variable));
      // The trap listed the stopped function's locals when it fired; their values are read now, so that a
      // Set Value shows.
      const localNames = new Set(parseDeclarations(locals.fields[0] ?? '').map((variable) => variable.name));
      return { all: fixed, locals: fixed.filter((variable) => localNames.has(variable.name)) };
    })());
  }

  /** The variables of one scope, sorted by name. `topFrame`: the stopped frame (Locals exist only there). */
  async scope(scope: ScopeName, topFrame: boolean): Promise<BashVariable[]> {
    const { all, locals } = await this.load();
    if (scope === 'locals') return topFrame ? [...locals].sort(byName) : [];
    const local = new Set(locals.map((variable) => variable.name));
    const exported = (variable: BashVariable) => variable.flags.includes('x');
    const shell = (variable: BashVariable) => SHELL_VARIABLES.has(variable.name);
    const chosen = all.filter((variable) => {
      switch (scope) {
        case 'environment':
          return exported(variable) && !local.has(variable.name);
        case 'shell':
          return !exported(variable) && shell(variable);
        default:
          return !exported(variable) && !shell(variable) && !local.has(variable.name);
      }
    });
    return chosen.sort(byName);
  }

  /** One variable by name, as the stopped command sees it. */
  async find(name: string, topFrame: boolean): Promise<BashVariable | undefined> {
    const { all, locals } = await this.load();
    return (
      (topFrame ? locals.find((variable) => variable.name === name) : undefined) ??
      all.find((variable) => variable.name === name)
    );
  }
}
