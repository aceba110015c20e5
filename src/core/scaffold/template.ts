// template.yaml: one AWS::Serverless::Function on a provided runtime, zip (built by make where there is a build)
// or image (built from the Dockerfile). sam build, sam deploy and this extension's linter all read it.
import type { LanguageTemplate } from './language';
import type { ScaffoldOptions } from './types';

/** Invocation timeout of the scaffold's function, in seconds (Lambda's default of 3 is tight for a first try). */
export const TIMEOUT_SECONDS = 10;
/** The parameter that names the layers bringing node or python3 to a zip function on provided.*. */
export const INTERPRETER_LAYERS_PARAMETER = 'InterpreterLayers';

const INTERPRETERS: Partial<Record<ScaffoldOptions['language'], string>> = { node: 'node', python: 'python3' };

/** Whether the zip function needs an interpreter that the provided base lacks (node, python3). */
export function needsInterpreterLayer(options: ScaffoldOptions): boolean {
  return options.packaging === 'zip' && INTERPRETERS[options.language] !== undefined;
}

/** The SAM template of the scaffold. */
export function renderTemplate(options: ScaffoldOptions, language: LanguageTemplate): string {
  const name = options.functionName;
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: ${name}, a ${language.label} custom runtime on ${options.base} (${options.architecture}).`,
    '',
  ];
  if (needsInterpreterLayer(options)) {
    const interpreter = INTERPRETERS[options.language];
    lines.push(
      'Parameters:',
      `  ${INTERPRETER_LAYERS_PARAMETER}:`,
      '    Type: CommaDelimitedList',
      `    Description: ARNs of the layers that bring ${interpreter} (as bin/${interpreter}); ${options.base} has none. See README.md.`,
      '',
    );
  }
  lines.push('Resources:', `  ${name}:`, '    Type: AWS::Serverless::Function', '    Properties:');
  if (options.packaging === 'image') {
    lines.push(
      '      PackageType: Image',
      '      Architectures:',
      `        - ${options.architecture}`,
      `      Timeout: ${TIMEOUT_SECONDS}`,
      '      MemorySize: 128',
      '    Metadata:',
      '      Dockerfile: Dockerfile',
      '      DockerContext: .',
      '      DockerTag: latest',
    );
  } else {
    lines.push(
      '      CodeUri: .',
      `      Handler: ${language.handler(options)}`,
      `      Runtime: ${options.base}`,
      '      Architectures:',
      `        - ${options.architecture}`,
      `      Timeout: ${TIMEOUT_SECONDS}`,
      '      MemorySize: 128',
    );
    if (needsInterpreterLayer(options)) lines.push(`      Layers: !Ref ${INTERPRETER_LAYERS_PARAMETER}`);
    if (language.build !== undefined) lines.push('    Metadata:', '      BuildMethod: makefile');
  }
  lines.push('', 'Outputs:', `  ${name}Arn:`, `    Description: The ARN of ${name}.`, `    Value: !GetAtt ${name}.Arn`);
  return `${lines.join('\n')}\n`;
}
