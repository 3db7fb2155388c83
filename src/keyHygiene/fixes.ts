/**
 * The text of the "read it from the environment" quick fix, per language. Pure: offsets in, text
 * edits out, so every language's output is unit-tested without VS Code.
 */

export interface TextEditSpec {
  /** Offsets into the document text, end exclusive; start === end inserts. */
  start: number;
  end: number;
  newText: string;
}

export interface EnvironmentFix {
  /** The expression that replaced the literal, e.g. `process.env.TWELVE_LABS_API_KEY`. */
  expression: string;
  edits: TextEditSpec[];
}

type LanguageFamily = 'python' | 'javascript' | 'go' | 'shell';

const LANGUAGE_FAMILIES: Record<string, LanguageFamily> = {
  python: 'python',
  javascript: 'javascript',
  typescript: 'javascript',
  javascriptreact: 'javascript',
  typescriptreact: 'javascript',
  go: 'go',
  shellscript: 'shell',
};

export function supportsEnvironmentFix(languageId: string): boolean {
  return languageId in LANGUAGE_FAMILIES;
}

const QUOTES = ['"', "'", '`'];

/**
 * Replaces the key at [start, end) with the language's environment lookup of `variable`.
 * Python, JavaScript/TypeScript and Go: only when the key is a whole string literal, which is replaced
 * quotes and all (a key inside a longer string would need string concatenation the user should see
 * and write). Python also gets `import os` and Go `"os"` when the file lacks them. Shell: the key is
 * replaced in place and stays inside double quotes when it was quoted. Undefined when there is no
 * sound fix for the language or the spot.
 */
export function buildEnvironmentFix(languageId: string, text: string, start: number, end: number, variable: string): EnvironmentFix | undefined {
  const family = LANGUAGE_FAMILIES[languageId];
  if (!family) {
    return undefined;
  }
  if (family === 'shell') {
    return shellFix(text, start, end, variable);
  }
  const before = text[start - 1];
  const quote = before !== undefined && QUOTES.includes(before) && text[end] === before ? before : undefined;
  if (!quote) {
    return undefined;
  }
  const literal = { start: start - 1, end: end + 1 };
  switch (family) {
    case 'python': {
      if (quote === '`' || /[A-Za-z]$/.test(text.slice(Math.max(0, literal.start - 2), literal.start))) {
        // A prefixed literal (b"…", f"…", r"…") or a backtick is not a plain str; leave it to the user.
        return undefined;
      }
      const expression = `os.environ["${variable}"]`;
      const edits: TextEditSpec[] = [{ ...literal, newText: expression }];
      const importEdit = pythonImportEdit(text);
      return { expression, edits: importEdit ? [importEdit, ...edits] : edits };
    }
    case 'javascript': {
      const lookup = `process.env.${variable}`;
      const expression = isJsxAttributeValue(text, literal.start) ? `{${lookup}}` : lookup;
      return { expression, edits: [{ ...literal, newText: expression }] };
    }
    case 'go': {
      if (quote === "'") {
        return undefined;
      }
      const expression = `os.Getenv("${variable}")`;
      const edits: TextEditSpec[] = [{ ...literal, newText: expression }];
      const importEdit = goImportEdit(text);
      return { expression, edits: importEdit ? [importEdit, ...edits] : edits };
    }
  }
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `<Client apiKey="…" />`: the lookup needs braces there, or it is not JSX. */
function isJsxAttributeValue(text: string, quoteAt: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', quoteAt - 1) + 1, 0);
  return /<[A-Za-z][\w.:-]*\s[^<>]*?[\w:-]+\s*=\s*$/.test(text.slice(lineStart, quoteAt));
}

/** `import os`, `import sys, os`, `import os.path`, `import x as os`: anything that binds the name `os`. */
function pythonBindsOs(text: string): boolean {
  for (const match of text.matchAll(/^[ \t]*import[ \t]+([^\r\n#;]+)/gm)) {
    for (const item of (match[1] ?? '').split(',')) {
      const alias = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(item);
      if (alias && (alias[2] === 'os' || (alias[2] === undefined && alias[1]?.split('.')[0] === 'os'))) {
        return true;
      }
    }
  }
  return false;
}

/**
 * `import os` where Python expects imports: after a shebang, encoding line and leading comments, the
 * module docstring and any `from __future__` imports (which must come first).
 */
function pythonImportEdit(text: string): TextEditSpec | undefined {
  if (pythonBindsOs(text)) {
    return undefined;
  }
  const eol = eolOf(text);
  let offset = 0;
  const skip = (pattern: RegExp): boolean => {
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (match && match.index === offset) {
      offset += match[0].length;
      return true;
    }
    return false;
  };
  while (skip(/[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r)/y)) {
    // Blank and comment lines at the top, the shebang and encoding line among them.
  }
  if (skip(/[ \t]*[rRuU]?("""|''')[\s\S]*?\1[^\r\n]*(?:\r\n|\n|\r|$)/y) || skip(/[ \t]*[rRuU]?("|')(?:\\.|(?!\1)[^\\\r\n])*\1[^\r\n]*(?:\r\n|\n|\r|$)/y)) {
    while (skip(/[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r)/y)) {
      // Blank lines after the docstring.
    }
  }
  while (skip(/[ \t]*from[ \t]+__future__[ \t]+import[^\r\n]*(?:\r\n|\n|\r|$)/y)) {
    // Future imports stay first.
  }
  const needsLeadingEol = offset > 0 && offset === text.length && !/[\r\n]$/.test(text);
  return { start: offset, end: offset, newText: `${needsLeadingEol ? eol : ''}import os${eol}` };
}

/** Go: `"os"` in the import block, or a new `import "os"` after the package clause. */
function goImportEdit(text: string): TextEditSpec | undefined {
  if (/^[ \t]*(?:import[ \t]+)?(?:[\w.]+[ \t]+)?"os"[ \t]*(?:\/\/[^\r\n]*)?$/m.test(text)) {
    return undefined;
  }
  const eol = eolOf(text);
  const block = /^import[ \t]*\([ \t]*(?:\r\n|\n|\r)/m.exec(text);
  if (block) {
    const at = block.index + block[0].length;
    return { start: at, end: at, newText: `\t"os"${eol}` };
  }
  const pkg = /^package[ \t]+\w+[^\r\n]*/m.exec(text);
  if (!pkg) {
    return undefined;
  }
  const at = pkg.index + pkg[0].length;
  return { start: at, end: at, newText: `${eol}${eol}import "os"` };
}

/**
 * Shell: walks the line up to the key to learn its quoting. Unquoted or inside double quotes, `${VAR}`
 * goes where the key was (and expands there); a whole single-quoted literal becomes `"${VAR}"`; inside a
 * longer single-quoted string, the quote is closed around a double-quoted `"${VAR}"`.
 */
function shellFix(text: string, start: number, end: number, variable: string): EnvironmentFix {
  const reference = `\${${variable}}`;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, text.lastIndexOf('\r', start - 1) + 1, 0);
  let state: 'none' | 'single' | 'double' = 'none';
  for (let i = lineStart; i < start; i++) {
    const char = text[i];
    if (state === 'single') {
      if (char === "'") state = 'none';
    } else if (char === '\\') {
      i++;
    } else if (char === "'" && state === 'none') {
      state = 'single';
    } else if (char === '"') {
      state = state === 'double' ? 'none' : 'double';
    }
  }
  if (state !== 'single') {
    return { expression: reference, edits: [{ start, end, newText: reference }] };
  }
  const quoted = `"${reference}"`;
  if (text[start - 1] === "'" && text[end] === "'") {
    return { expression: quoted, edits: [{ start: start - 1, end: end + 1, newText: quoted }] };
  }
  return { expression: quoted, edits: [{ start, end, newText: `'${quoted}'` }] };
}

/** Line comments by language; a language without one (JSON) gets no "ignore" fix. */
const LINE_COMMENTS: Record<string, { open: string; close?: string }> = {
  python: { open: '#' },
  shellscript: { open: '#' },
  yaml: { open: '#' },
  dotenv: { open: '#' },
  properties: { open: '#' },
  ruby: { open: '#' },
  perl: { open: '#' },
  r: { open: '#' },
  dockerfile: { open: '#' },
  makefile: { open: '#' },
  toml: { open: '#' },
  ini: { open: ';' },
  powershell: { open: '#' },
  javascript: { open: '//' },
  typescript: { open: '//' },
  javascriptreact: { open: '//' },
  typescriptreact: { open: '//' },
  jsonc: { open: '//' },
  go: { open: '//' },
  java: { open: '//' },
  kotlin: { open: '//' },
  swift: { open: '//' },
  rust: { open: '//' },
  c: { open: '//' },
  cpp: { open: '//' },
  csharp: { open: '//' },
  php: { open: '//' },
  dart: { open: '//' },
  scala: { open: '//' },
  sql: { open: '--' },
  lua: { open: '--' },
  html: { open: '<!--', close: '-->' },
  xml: { open: '<!--', close: '-->' },
  markdown: { open: '<!--', close: '-->' },
};

/**
 * A comment line above the finding's line, indented like it, that the detector honours for the next
 * line. Above rather than at the end, so it never lands inside a string that continues on the line.
 */
export function buildIgnoreNextLineEdit(languageId: string, text: string, offset: number, marker: string): TextEditSpec | undefined {
  const comment = LINE_COMMENTS[languageId];
  if (!comment) {
    return undefined;
  }
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
  const body = comment.close ? `${comment.open} ${marker} ${comment.close}` : `${comment.open} ${marker}`;
  return { start: lineStart, end: lineStart, newText: `${indent}${body}${eolOf(text)}` };
}
