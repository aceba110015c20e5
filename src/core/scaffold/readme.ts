// The scaffold's README: what was made, how to run it here and deploy it, then the language's own part.
import type { LanguageTemplate } from './language';
import { INTERPRETER_LAYERS_PARAMETER, needsInterpreterLayer } from './template';
import type { Scaffold, ScaffoldFile, ScaffoldOptions } from './types';

const PURPOSE: Partial<Record<ScaffoldFile['role'], string>> = {
  bootstrap: 'the runtime Lambda starts (the event loop on the Runtime API)',
  handler: 'your function',
  template: 'the SAM template',
  dockerfile: 'the container image',
  makefile: '`make` builds `./bootstrap` here; `sam build` runs its `build-<Function>` target',
  event: 'a sample event',
  launch: 'what F5 runs: the function under the emulator, with its debugger',
  tasks: 'the build F5 runs first',
};

type ReadmeFacts = Pick<Scaffold, 'handler' | 'bootstrapPath' | 'eventPath' | 'build'>;

/** README.md for the scaffold; `files` are the other files it lists. */
export function renderReadme(
  options: ScaffoldOptions,
  language: LanguageTemplate,
  facts: ReadmeFacts,
  files: readonly ScaffoldFile[],
): string {
  const image = options.packaging === 'image';
  const listed = files
    .filter((file) => PURPOSE[file.role] !== undefined)
    .map((file) => `- \`${file.path}\`: ${PURPOSE[file.role]}`);
  if (language.compiled && !files.some((file) => file.path === facts.bootstrapPath)) {
    listed.unshift(
      `- \`${facts.bootstrapPath}\` (built by \`${facts.build?.join(' ') ?? 'make'}\`): the runtime Lambda starts (the event loop on the Runtime API)`,
    );
  }
  const build = facts.build === undefined ? '' : `${facts.build.join(' ')}\n`;
  const deploy = needsInterpreterLayer(options)
    ? `sam build && sam deploy --guided   # asks for ${INTERPRETER_LAYERS_PARAMETER}, see below`
    : 'sam build && sam deploy --guided';
  return `# ${options.functionName}

A Lambda custom runtime in ${language.label} on \`${options.base}\` (${options.architecture}), packaged as
${image ? 'a container image' : 'a zip archive'}. The runtime implements the Lambda Runtime API itself, with
nothing but ${language.compiled ? "the language's standard library" : 'what the language ships with'}.

${listed.join('\n')}

## Run it here

In VS Code with Lambda Runtime Kit, press F5 (\`.vscode/launch.json\`): the bootstrap runs under the
extension's Runtime API emulator with \`${facts.eventPath}\`, and breakpoints in the handler stop. From a terminal:

\`\`\`sh
${build}lambda-runtime-kit invoke --bootstrap ${facts.bootstrapPath} --handler ${facts.handler} --event ${facts.eventPath}
lambda-runtime-kit lint .
\`\`\`

The sample answers \`{"message": "Hello, World!", "requestId": ..., "remainingMs": ...}\` and fails with an error
for an event without a string \`name\` (try \`--event -\` and type \`{}\`).

## Deploy

\`\`\`sh
${deploy}
\`\`\`

${image ? `\`sam build\` builds the image from the \`Dockerfile\` for ${options.architecture}; the handler is its \`CMD\`.` : `The template's \`Handler\` (\`${facts.handler}\`) reaches the runtime as \`_HANDLER\`.`}

${language.readme(options).trimEnd()}
`;
}
