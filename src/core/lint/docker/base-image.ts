// `docker-base-image`: a custom bootstrap on a Lambda language image (python, nodejs, java, dotnet, ruby). Those
// images start AWS's own runtime client from /var/runtime/bootstrap; a bootstrap copied elsewhere is never run,
// and one copied over it replaces the runtime the image is for, in an image much bigger than needed.
import type { DockerfileFacts } from '../../project/dockerfile-facts';
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import { isBootstrapCopy } from './shared';

const RULE = 'docker-base-image';

export function checkBaseImage(facts: DockerfileFacts): Finding[] {
  if (facts.image?.kind !== 'managed' || facts.chain.length === 0) return [];
  const bootstrapCopy = facts.copies.find(isBootstrapCopy);
  if (bootstrapCopy === undefined) return [];
  const from = facts.chain[0].from;
  const imageRange = from.getImageRange() ?? from.getRange();
  const tag = facts.image.architecture === undefined ? 'al2023' : `al2023-${facts.image.architecture}`;
  const replacement = `public.ecr.aws/lambda/provided:${tag}`;
  const fix: Fix = {
    title: `Use the OS-only base image ${replacement}`,
    edits: [{ range: imageRange, newText: replacement }],
  };
  return [
    ruleFinding(
      RULE,
      facts.file,
      imageRange,
      `${facts.baseImage} is the Lambda ${facts.image.managedRuntime} image: it starts AWS's ${facts.image.managedRuntime} runtime client, not your bootstrap (line ${bootstrapCopy.instruction.getRange().start.line + 1}). A custom runtime belongs on an OS-only image: FROM ${replacement}.`,
      [fix],
    ),
  ];
}
