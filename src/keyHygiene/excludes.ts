/**
 * The exclude glob for the workspace scan. `workspace.findFiles` applies `files.exclude` only when no
 * exclude is given, and `search.exclude` never, so both are merged into one `{a,b,…}` pattern here.
 * VS Code's glob does not nest braces, so patterns that have their own braces are expanded first.
 */

/** The shape of both settings: glob → true/false, or `{ when: "$(basename).ts" }` for sibling rules. */
export type ExcludeSetting = Record<string, boolean | { when?: string } | null | undefined>;

/**
 * One glob for every pattern set to `true` in either setting, or undefined when there are none.
 * Sibling rules (`when`) need the neighbouring file names and are left out: the scan then looks at a
 * few generated files it could have skipped, which costs time but misses nothing.
 */
export function buildExcludeGlob(...settings: (ExcludeSetting | undefined)[]): string | undefined {
  const patterns = new Set<string>();
  for (const setting of settings) {
    for (const [pattern, value] of Object.entries(setting ?? {})) {
      if (value === true && pattern.trim() !== '') {
        for (const expanded of expandBraces(pattern.trim())) {
          patterns.add(expanded);
        }
      }
    }
  }
  if (patterns.size === 0) {
    return undefined;
  }
  // A comma inside a pattern would split the brace group; such a pattern cannot be merged soundly.
  const mergeable = [...patterns].filter((p) => !p.includes(','));
  return mergeable.length === 1 ? mergeable[0] : `{${mergeable.join(',')}}`;
}

/** `**\/*.{js,map}` → `**\/*.js`, `**\/*.map`; nested groups too. At most 64 results, against a runaway setting. */
export function expandBraces(pattern: string, limit = 64): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) {
    return [pattern];
  }
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '{') {
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (char === ',' && depth === 1) {
      commas.push(i);
    }
  }
  if (close < 0) {
    return [pattern];
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const results: string[] = [];
  for (let i = 0; i + 1 < bounds.length && results.length < limit; i++) {
    const choice = pattern.slice((bounds[i] ?? 0) + 1, bounds[i + 1]);
    for (const expanded of expandBraces(`${head}${choice}${tail}`, limit - results.length)) {
      results.push(expanded);
    }
  }
  return results;
}
