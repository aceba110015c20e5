// What the Debug Console, Watch and hover send, turned into bash code the harness runs in a subshell of the
// stopped command (so an evaluation sees everything and changes nothing).

/** The variable an expression names by itself (`X`, `$X`, `${X}`), or undefined. */
export function simpleName(expression: string): string | undefined {
  const match = /^(?:\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)|([A-Za-z_]\w*))$/.exec(expression);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/**
 * A value (`$((a+b))`, `${#arr[@]}`, `"$a $b"`) is printed as one word; anything else is a command whose output
 * is the result.
 */
export function evaluationCode(expression: string): string {
  if (expression.startsWith('"')) return `printf '%s' ${expression}`;
  if (expression.startsWith('$')) return `printf '%s' "${expression}"`;
  return expression;
}

/**
 * A logpoint's message as bash code: the text is a double-quoted bash string (`$x`, `$(cmd)`), and `{name}`,
 * `{$expr}` or `{command}` are interpolated as the editor's hint says.
 */
export function logMessageCode(message: string): string {
  const text = message
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/`/g, '\\`')
    .replace(/\{([^{}]+)\}/g, (_all, inner: string) => {
      const unescaped = inner.replace(/\\(["\\`])/g, '$1');
      if (unescaped.startsWith('$')) return unescaped;
      if (/^[A-Za-z_]\w*(\[[^\]]*\])?$/.test(unescaped)) return `\${${unescaped}}`;
      return `$(${unescaped})`;
    });
  return `printf '%s' "${text}"`;
}

/** A value typed into Set Value: quotes around it are the user's way of writing a string, not part of it. */
export function unquoteValue(value: string): string {
  const match = /^(["'])([\s\S]*)\1$/.exec(value.trim());
  return match ? match[2] : value;
}
