// The runtime as a layer (`new LANGUAGE DIR --layer`, "Runtime in a layer" in New Custom Runtime): the bootstrap
// in a LayerVersion's folder, which Lambda extracts to /opt and runs as /opt/bootstrap, and a function that
// carries only its handler. For the interpreted languages, whose runtime is one script.
import { renderGitattributes, renderGitignore } from './gitfiles';
import type { LanguageTemplate } from './language';
import { layerInterpreter } from './layer-interpreter';
import { TIMEOUT_SECONDS } from './template';
import type { Language, Scaffold, ScaffoldFile, ScaffoldOptions } from './types';

/** The languages whose runtime can be scaffolded as a layer. */
export const LAYER_LANGUAGES: readonly Language[] = ['bash', 'node', 'python'];
export const LAYER_FOLDER = 'runtime';
export const FUNCTION_FOLDER = 'function';

const DEBUGGERS: Partial<Record<Language, string>> = { bash: 'bash', node: 'node', python: 'python' };

/** The layer's logical id: the function's name and `Runtime`. */
export function layerName(options: ScaffoldOptions): string {
  return `${options.functionName}Runtime`;
}

/** The scaffold of the layer shape; the caller has checked the options and that the language is one of LAYER_LANGUAGES. */
export function renderLayerScaffold(
  options: ScaffoldOptions,
  language: LanguageTemplate,
  event: { path: string; json: string },
): Scaffold {
  const own = language.files(options);
  const bootstrap = own.find((file) => file.role === 'bootstrap')!;
  const handler = own.find((file) => file.role === 'handler')!;
  const handlerPath = `${FUNCTION_FOLDER}/${handler.path}`;
  const interpreter = layerInterpreter(options.language);
  const files: ScaffoldFile[] = [
    { ...bootstrap, path: `${LAYER_FOLDER}/bootstrap` },
    ...(interpreter === undefined
      ? []
      : [
          {
            path: `${LAYER_FOLDER}/Makefile`,
            content: interpreter.makefile(options, layerName(options)),
            role: 'makefile' as const,
          },
        ]),
    { ...handler, path: handlerPath },
    { path: 'template.yaml', content: renderLayerTemplate(options, language), role: 'template' },
    { path: event.path, content: event.json, role: 'event' },
    { path: '.vscode/launch.json', content: renderLayerLaunch(options, event.path), role: 'launch' },
  ];
  files.push({ path: '.gitattributes', content: renderGitattributes(files, language), role: 'gitattributes' });
  // The interpreter the layer's Makefile downloads is no source: each checkout fetches its own.
  const downloaded = (interpreter?.downloaded ?? []).map((name) => `/${LAYER_FOLDER}/${name}`);
  const gitignore = renderGitignore(language) + downloaded.map((line) => `${line}\n`).join('');
  files.push({ path: '.gitignore', content: gitignore, role: 'gitignore' });
  files.push({ path: 'README.md', content: renderLayerReadme(options, language, handlerPath), role: 'readme' });
  return {
    options,
    files,
    handlerPath,
    bootstrapPath: `${LAYER_FOLDER}/bootstrap`,
    handler: language.handler(options),
    eventPath: event.path,
  };
}

function renderLayerTemplate(options: ScaffoldOptions, language: LanguageTemplate): string {
  const name = options.functionName;
  const layer = layerName(options);
  return `${[
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: ${name}, a function on a ${language.label} runtime in the layer ${layer} (${options.base}, ${options.architecture}).`,
    '',
    'Resources:',
    `  ${layer}:`,
    '    Type: AWS::Serverless::LayerVersion',
    '    Properties:',
    `      ContentUri: ${LAYER_FOLDER}/`,
    `      Description: The ${language.label} runtime; Lambda extracts it to /opt and runs /opt/bootstrap.`,
    '      CompatibleRuntimes:',
    `        - ${options.base}`,
    '      CompatibleArchitectures:',
    `        - ${options.architecture}`,
    // The layer's Makefile puts the interpreter beside the bootstrap; sam build runs it as this kit does.
    ...(layerInterpreter(options.language) === undefined ? [] : ['    Metadata:', '      BuildMethod: makefile']),
    '',
    `  ${name}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    `      CodeUri: ${FUNCTION_FOLDER}/`,
    `      Handler: ${language.handler(options)}`,
    `      Runtime: ${options.base}`,
    '      Architectures:',
    `        - ${options.architecture}`,
    `      Timeout: ${TIMEOUT_SECONDS}`,
    '      MemorySize: 128',
    '      Layers:',
    `        - !Ref ${layer}`,
    '',
    'Outputs:',
    `  ${name}Arn:`,
    `    Description: The ARN of ${name}.`,
    `    Value: !GetAtt ${name}.Arn`,
  ].join('\n')}\n`;
}

function renderLayerLaunch(options: ScaffoldOptions, eventPath: string): string {
  const configuration = {
    type: 'lambda-runtime',
    request: 'launch',
    name: `Debug ${options.functionName}`,
    functionName: options.functionName,
    template: '${workspaceFolder}/template.yaml',
    event: `\${workspaceFolder}/${eventPath}`,
    debugger: DEBUGGERS[options.language],
  };
  return `${JSON.stringify({ version: '0.2.0', configurations: [configuration] }, null, 2)}\n`;
}

function renderLayerReadme(options: ScaffoldOptions, language: LanguageTemplate, handlerPath: string): string {
  const name = options.functionName;
  const interpreter = layerInterpreter(options.language);
  const interpreterNote = interpreter
    ? `
${options.base} has no \`${interpreter.command}\`, so the layer brings one: \`${LAYER_FOLDER}/Makefile\` (\`BuildMethod: makefile\`)
downloads ${interpreter.origin} for Linux ${options.architecture} into \`${LAYER_FOLDER}/bin/\` once, checks its
published checksum, and puts it in the layer beside the bootstrap (\`/opt/bin\`, on \`PATH\`). \`sam build\` runs it,
and so does lambda-runtime-kit before a run: locally too, the runtime runs the layer's \`${interpreter.command}\`. Offline, or
to use another build, put it at \`${LAYER_FOLDER}/bin/${interpreter.command}\` yourself and the download is skipped.
`
    : '';
  return `# ${name}

A function on a ${language.label} custom runtime that lives in a **layer**, the shape Lambda recommends for
runtimes shared by several functions:

- \`${LAYER_FOLDER}/bootstrap\`: the runtime (the event loop on the Runtime API). The layer \`${layerName(options)}\`
  holds it; Lambda extracts layers to \`/opt\` and runs \`/opt/bootstrap\` when the function's code has none.
- \`${handlerPath}\`: your function, the only code \`${name}\` carries (Lambda puts it at \`/var/task\`).
- \`template.yaml\`: the LayerVersion and the function that uses it.
- \`events/event.json\`: a sample event; \`.vscode/launch.json\`: F5 runs the function with its debugger.
${interpreterNote}
## Run it here

\`\`\`sh
lambda-runtime-kit lint .
lambda-runtime-kit invoke --template template.yaml --function ${name} --event events/event.json
lambda-runtime-kit serve --template template.yaml
\`\`\`

On Linux with bubblewrap installed, the function runs in Lambda's file system: its code read-only at
\`/var/task\`, the layer at \`/opt\`, a private \`/tmp\`.

## Deploy it

\`\`\`sh
sam build && sam deploy --guided
\`\`\`
`;
}
