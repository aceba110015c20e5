// `sam-no-bootstrap`: a provided.* .zip function runs the file `bootstrap` at the root of its code. Without it
// the function fails on its first invocation with Runtime.InvalidEntrypoint ("Couldn't find valid bootstrap(s)").
// When Metadata.BuildMethod makes `sam build` produce the code, the source folder needs no bootstrap: a
// `makefile` build needs a `build-<LogicalId>` target instead, and the other builders (go1.x,
// rust-cargolambda, dotnet...) write the bootstrap themselves, so nothing is checked for them. A layer may hold the
// bootstrap instead (Lambda runs /opt/bootstrap when the code has none), and a CodeUri in a build-output folder
// (`target/lambda/fn/`, `dist/fn.zip`) exists only once the build that makes it has run.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TemplateFunctionDetails } from '../../project/template';
import { ruleFinding } from '../rules';
import { layersFromTemplate, readLayerFacts } from '../zip/layers';
import type { Finding } from '../types';
import { bootstrapIgnored, isBuildOutput } from './build-output';
import { makefileTarget } from './makefile';

const RULE = 'sam-no-bootstrap';

export async function checkNoBootstrap(file: string, fn: TemplateFunctionDetails): Promise<Finding | undefined> {
  const range = fn.codeUriRange ?? fn.nameRange;
  const relative = path.relative(path.dirname(fn.template), fn.codeUri) || '.';
  const report = (message: string) => ruleFinding(RULE, file, range, message);
  if (fn.buildMethod !== undefined) {
    if (fn.buildMethod.toLowerCase() !== 'makefile') return undefined;
    const target = `build-${fn.name}`;
    const makefile = await makefileTarget(fn.codeUri, target);
    if (makefile === undefined) {
      return report(
        `${fn.name} is built with Metadata.BuildMethod: makefile, but its CodeUri (${relative}) has no Makefile: sam build fails. Add a Makefile with a ${target} target that puts bootstrap in $(ARTIFACTS_DIR).`,
      );
    }
    if (!makefile.hasTarget) {
      return report(
        `${fn.name} is built with Metadata.BuildMethod: makefile, but ${path.relative(path.dirname(fn.template), makefile.file)} has no ${target} target: sam build fails. Add it, copying bootstrap to $(ARTIFACTS_DIR).`,
      );
    }
    return undefined;
  }
  // Lambda runs /opt/bootstrap from a layer when the function's code has none: a local layer's folder or zip
  // with one, or a layer whose content is not known here (as the emulator takes it, see core/environment).
  if ((await readLayerFacts(layersFromTemplate(fn.layers))).mayBringBootstrap) return undefined;
  let info;
  try {
    info = await stat(fn.codeUri);
  } catch {
    // `target/lambda/fn/`, `dist/fn.zip`: produced by a build step (cargo lambda, npm run build) that has not run yet.
    if (isBuildOutput(relative)) return undefined;
    return report(`${fn.name}: its CodeUri folder ${relative} does not exist, so the function has no bootstrap.`);
  }
  // A packaged .zip (CodeUri: function.zip) is not looked into.
  if (!info.isDirectory()) return undefined;
  const bootstrap = path.join(fn.codeUri, 'bootstrap');
  try {
    if ((await stat(bootstrap)).isFile()) return undefined;
    return report(
      `${fn.name}: ${path.join(relative, 'bootstrap')} is a folder; Lambda needs an executable file named bootstrap there.`,
    );
  } catch {
    // absent: say what is there instead, if anything looks like it
  }
  let names: string[] = [];
  try {
    names = await readdir(fn.codeUri);
  } catch {
    names = [];
  }
  // `bootstrap` in .gitignore: a build the template does not describe makes it (make, go build, cargo lambda).
  if (await bootstrapIgnored(fn.codeUri)) return undefined;
  const layerNote = fn.layers.length > 0 ? ' (nor has any of its layers)' : '';
  const lookalike = names.find((name) => name !== 'bootstrap' && /^bootstrap/i.test(name));
  const hint = lookalike === undefined ? '' : ` There is ${lookalike}, but Lambda runs a file named exactly bootstrap.`;
  return report(
    `${fn.name} runs on ${fn.runtime} but its CodeUri (${relative}) has no bootstrap${layerNote}: Lambda fails with Runtime.InvalidEntrypoint.${hint} ${remedy(names)}`,
  );
}

/** What to do, for the language the folder's sources are in. */
function remedy(names: readonly string[]): string {
  if (names.includes('go.mod') || names.some((name) => name.endsWith('.go')))
    return 'Build it there (GOOS=linux go build -o bootstrap), or set Metadata.BuildMethod: go1.x so sam build does.';
  if (names.includes('Cargo.toml'))
    return "Set Metadata.BuildMethod: rust-cargolambda so sam build makes it, or point CodeUri at cargo lambda's output.";
  return 'Add an executable bootstrap there, or set Metadata.BuildMethod so sam build produces it.';
}
