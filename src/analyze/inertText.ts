/**
 * The model's text is data. In a Markdown (or JSON) editor, VS Code's own link providers turn link
 * syntax into links that Ctrl+click opens, and the editor opens `command:` and `vscode:` targets of
 * document links: a prompt-injected `[Fix](command:…)` would then run a command. This breaks the
 * scheme of such targets with a zero-width space before its colon (or before an entity or escape
 * that would stand for one), which leaves the text readable and the target a harmless relative
 * path. Works on a stream: a scheme split between two chunks is still caught. Pure, for the unit tests.
 */

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** Schemes whose targets act inside VS Code. Other schemes (https, mailto, file) open as they would from any text. */
const ACTING_SCHEMES = /^(command|vscode[a-z0-9+.-]*|code-oss)$/i;
const ZERO_WIDTH_SPACE = '\u200B';
/** A scheme longer than this is no scheme VS Code acts on: only this much of a run is kept. */
const MAX_RUN = 32;

export class SchemeDefuser {
  private run = '';
  /** The run was longer than MAX_RUN: whatever it ends with, it is not an acting scheme. */
  private overlong = false;

  /** The chunk as it may be shown, given every chunk fed before it. */
  feed(chunk: string): string {
    let out = '';
    let last = 0;
    let changed = false;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (SCHEME_CHAR.test(char)) {
        if (this.run.length < MAX_RUN) {
          this.run += char;
        } else {
          this.overlong = true;
        }
        continue;
      }
      // `:` itself, or `&#58;` / `&colon;` / `\:`, which Markdown reads as one in a link target.
      if ((char === ':' || char === '&' || char === '\\') && !this.overlong && ACTING_SCHEMES.test(this.run)) {
        out += chunk.slice(last, i) + ZERO_WIDTH_SPACE;
        last = i;
        changed = true;
      }
      this.run = '';
      this.overlong = false;
    }
    return changed ? out + chunk.slice(last) : chunk;
  }
}

/** A whole text at once (a kept analysis opened again). */
export function defuseSchemes(text: string): string {
  return new SchemeDefuser().feed(text);
}
