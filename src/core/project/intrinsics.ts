// Values of a template written with intrinsic functions, resolved as far as is possible without deploying:
// parameters' defaults, mappings, and the string functions over them. Anything else (a resource's
// attribute, a condition, an import) has no local value and resolves to undefined.
export type Plain = string | number | boolean;

export interface TemplateContext {
  /** Parameter defaults by name. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
}

/** The plain value of `value`, or undefined when it depends on something only known at deploy time. */
export function resolveValue(value: unknown, context: TemplateContext, depth = 0): Plain | Plain[] | undefined {
  if (depth > 20) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => resolveValue(item, context, depth + 1));
    return items.every((item) => item !== undefined && !Array.isArray(item)) ? (items as Plain[]) : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1) return undefined;
  const [key, argument] = entries[0];
  const resolve = (item: unknown) => resolveValue(item, context, depth + 1);
  switch (key) {
    case 'Ref':
      return typeof argument === 'string' ? parameterValue(argument, context) : undefined;
    case 'Fn::Sub':
      return substitute(argument, context, depth);
    case 'Fn::Join': {
      if (!Array.isArray(argument) || argument.length !== 2) return undefined;
      const [delimiter, list] = [resolve(argument[0]), resolve(argument[1])];
      return typeof delimiter === 'string' && Array.isArray(list) ? list.join(delimiter) : undefined;
    }
    case 'Fn::Select': {
      if (!Array.isArray(argument) || argument.length !== 2) return undefined;
      const [index, list] = [resolve(argument[0]), resolve(argument[1])];
      return Array.isArray(list) && index !== undefined && !Array.isArray(index) ? list[Number(index)] : undefined;
    }
    case 'Fn::Split': {
      if (!Array.isArray(argument) || argument.length !== 2) return undefined;
      const [delimiter, text] = [resolve(argument[0]), resolve(argument[1])];
      return typeof delimiter === 'string' && typeof text === 'string' ? text.split(delimiter) : undefined;
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(argument) || argument.length < 3) return undefined;
      const keys = argument.slice(0, 3).map(resolve);
      if (keys.some((k) => k === undefined || Array.isArray(k))) return undefined;
      const found = lookup(context.mappings, keys.map(String));
      return found === undefined ? undefined : resolve(found);
    }
    case 'Fn::Base64': {
      const text = resolve(argument);
      return typeof text === 'string' ? Buffer.from(text, 'utf8').toString('base64') : undefined;
    }
    default:
      return undefined;
  }
}

/** The value as the string CloudFormation would pass (numbers and booleans become text), or undefined. */
export function resolveString(value: unknown, context: TemplateContext): string | undefined {
  const resolved = resolveValue(value, context);
  if (resolved === undefined || Array.isArray(resolved)) return undefined;
  return String(resolved);
}

function parameterValue(name: string, context: TemplateContext): Plain | Plain[] | undefined {
  const value = context.parameters[name];
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** `Fn::Sub`: `${Param}` and `${Var}` from its own map; `${!Literal}` is written `${Literal}`. */
function substitute(argument: unknown, context: TemplateContext, depth: number): string | undefined {
  let template: unknown = argument;
  const variables: Record<string, Plain> = {};
  if (Array.isArray(argument)) {
    if (argument.length !== 2 || typeof argument[1] !== 'object' || argument[1] === null) return undefined;
    template = argument[0];
    for (const [name, value] of Object.entries(argument[1] as Record<string, unknown>)) {
      const resolved = resolveValue(value, context, depth + 1);
      if (resolved !== undefined && !Array.isArray(resolved)) variables[name] = resolved;
    }
  }
  if (typeof template !== 'string') return undefined;
  let unresolved = false;
  const text = template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const value = variables[name] ?? parameterValue(name.trim(), context);
    if (value === undefined || Array.isArray(value)) {
      unresolved = true;
      return '';
    }
    return String(value);
  });
  return unresolved ? undefined : text;
}

function lookup(root: unknown, keys: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
