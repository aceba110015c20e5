// The language catalogue, in the order the pickers show it: the interpreted languages first, then the compiled.
import type { LanguageTemplate } from '../language';
import type { Language, LanguageInfo } from '../types';
import { bash } from './bash';
import { cpp } from './cpp';
import { go } from './go';
import { node } from './node';
import { python } from './python';
import { rust } from './rust';

export const LANGUAGE_TEMPLATES: readonly LanguageTemplate[] = [bash, node, python, go, rust, cpp];

/** Every language a scaffold can be written in (the picker's entries). */
export const LANGUAGES: readonly LanguageInfo[] = LANGUAGE_TEMPLATES.map(
  ({ id, label, description, compiled, toolchain }) => ({ id, label, description, compiled, toolchain }),
);

/** The template of `id`; throws on an id that is not a Language (a caller's bug, or unchecked input). */
export function languageTemplate(id: Language): LanguageTemplate {
  const template = LANGUAGE_TEMPLATES.find((candidate) => candidate.id === id);
  if (template === undefined) {
    throw new Error(`Unknown language '${String(id)}': use one of ${LANGUAGE_TEMPLATES.map((t) => t.id).join(', ')}.`);
  }
  return template;
}
