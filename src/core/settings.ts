// The one schema of the extension's settings. package.json `contributes.configuration` is checked against it by
// a unit test, and the language server reads its defaults from here, so the two cannot drift apart.
import { RULES } from './lint/rules';
import type { LintOptions, RuleSettings } from './lint/types';
import type { TargetBase } from './types';

export interface SettingSchema {
  readonly type: 'boolean' | 'string' | 'object' | 'number';
  readonly default: unknown;
  readonly markdownDescription: string;
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly scope?: 'application' | 'machine' | 'machine-overridable' | 'window' | 'resource';
  readonly properties?: Record<string, unknown>;
  readonly additionalProperties?: unknown;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
const TARGETS: readonly TargetBase[] = ['provided.al2023', 'provided.al2', 'provided'];

/** Every setting, keyed by its full name (`lambdaRuntime.<area>.<name>`). */
export const SETTINGS: Readonly<Record<string, SettingSchema>> = {
  'lambdaRuntime.lint.enabled': {
    type: 'boolean',
    default: true,
    markdownDescription: 'Check bootstraps, Dockerfiles and SAM templates as you type.',
    scope: 'resource',
  },
  'lambdaRuntime.lint.rules': {
    type: 'object',
    default: {},
    markdownDescription:
      'Severity per rule id (`error`, `warning`, `info`, `hint`, or `off` to silence it), for example `{ "missing-tool": "off" }`. Each problem links to the description of its rule.',
    scope: 'resource',
    properties: Object.fromEntries(
      RULES.map((rule) => [
        rule.id,
        { type: 'string', enum: SEVERITIES, markdownDescription: `${rule.summary} (default: \`${rule.severity}\`)` },
      ]),
    ),
    additionalProperties: { type: 'string', enum: SEVERITIES },
  },
  'lambdaRuntime.lint.shellcheck.enabled': {
    type: 'boolean',
    default: true,
    markdownDescription:
      'Run [ShellCheck](https://www.shellcheck.net) on shell bootstraps when it is installed (never in an untrusted workspace).',
    scope: 'resource',
  },
  'lambdaRuntime.lint.shellcheck.path': {
    type: 'string',
    default: 'shellcheck',
    markdownDescription: 'The ShellCheck executable: a command on `PATH` or an absolute path.',
    scope: 'machine-overridable',
  },
  'lambdaRuntime.lint.defaultTarget': {
    type: 'string',
    default: 'provided.al2023',
    enum: TARGETS,
    enumDescriptions: [
      'Amazon Linux 2023 (provided.al2023)',
      'Amazon Linux 2 (provided.al2)',
      'Amazon Linux 1 (provided, deprecated)',
    ],
    markdownDescription:
      'The base image a bootstrap is checked against when no Dockerfile or `template.yaml` says which it runs on.',
    scope: 'resource',
  },
  'lambdaRuntime.check.errorHandler': {
    type: 'string',
    default: '',
    markdownDescription:
      "A handler of your runtime that throws (`_HANDLER`, e.g. `function.fail`), for the Testing view's `error-reporting` scenario of `lambda-runtime-kit check`; it is invoked with the event `{}`. Empty: that scenario is skipped.",
    scope: 'resource',
  },
  'lambdaRuntime.emulator.sandbox': {
    type: 'string',
    default: 'auto',
    enum: ['auto', 'on', 'off'],
    enumDescriptions: [
      "Lambda's file system where bubblewrap works (Linux), in place elsewhere",
      'Always the sandbox; an error where bubblewrap is missing or refused',
      'Always in place: the code runs in its folder, the layers from theirs',
    ],
    markdownDescription:
      "Run a template function (`functionName`) in Lambda's file system through [bubblewrap](https://github.com/containers/bubblewrap): the code read-only at `/var/task`, the layers at `/opt`, a private `/tmp` of the function's `EphemeralStorage`. A launch configuration with only `bootstrap` uses it when this is `on`.",
    scope: 'resource',
  },
  'lambdaRuntime.emulator.layers': {
    type: 'object',
    default: {},
    markdownDescription:
      'Local content for layers the template gives by ARN: `{ "arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION": "path/to/folder-or-layer.zip" }`. Relative paths are from the workspace folder.',
    scope: 'resource',
    additionalProperties: { type: 'string' },
  },
  'lambdaRuntime.trace.server': {
    type: 'string',
    default: 'off',
    enum: ['off', 'messages', 'verbose'],
    markdownDescription:
      'Trace the messages between the editor and the Lambda Runtime Kit language server in the output channel.',
    scope: 'window',
  },
};

/** Lint options from the `lambdaRuntime.lint` settings section (as the client sends it), defaults filled in. */
export function lintOptionsFromSettings(
  section: unknown,
  trusted: boolean,
): LintOptions & { readonly enabled: boolean } {
  const lint = (isRecord(section) ? section : {}) as Record<string, unknown>;
  const shellcheck = isRecord(lint.shellcheck) ? lint.shellcheck : {};
  const target = TARGETS.find((value) => value === lint.defaultTarget) ?? 'provided.al2023';
  const rules: Record<string, (typeof SEVERITIES)[number]> = {};
  if (isRecord(lint.rules)) {
    for (const [id, value] of Object.entries(lint.rules)) {
      const severity = SEVERITIES.find((candidate) => candidate === value);
      if (severity !== undefined) rules[id] = severity;
    }
  }
  return {
    enabled: lint.enabled !== false,
    trusted,
    shellcheck: {
      enabled: shellcheck.enabled !== false,
      path: typeof shellcheck.path === 'string' && shellcheck.path.trim() !== '' ? shellcheck.path : 'shellcheck',
    },
    defaultTarget: target,
    rules: rules as RuleSettings,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
