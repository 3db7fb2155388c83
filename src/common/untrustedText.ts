/**
 * Text from outside (server messages, index and file names, ids, model names) shown by the extension.
 * Each surface of VS Code turns some syntax into something live: notifications make `[label](command:…)`
 * a link, Markdown makes links, images and HTML, labels make `$(name)` an icon. Outside text goes
 * through one of these functions on its way to a surface, so that it is only ever text.
 * Free of `vscode`: the status bar model and the unit tests use it in plain Node.
 */

/** Bidi overrides and isolates: they can make a name read as something else (`exe.mp4` shown as `4pm.exe`). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0 and C1 controls, line breaks included: no outside text may start a new line or block. */
const CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** One line of plain text: no controls, no line breaks, no bidi overrides. */
export function oneLine(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ');
}

/**
 * For a notification or dialog message, whose only live syntax is a link written `[label](target)`:
 * a space between `]` and `(` leaves the text readable and the link dead. Applied to the whole
 * message, so that two outside pieces cannot meet to form a link.
 */
export function notificationText(text: string): string {
  return oneLine(text).replace(/\]\s*\(/g, '] (');
}

/**
 * For Markdown (tooltips): every ASCII punctuation character escaped, which CommonMark allows for all
 * of them, so that no link, autolink (`https:`, `www.`, `a@b`), image, HTML, emphasis or icon
 * (`$(name)`) can form; and one line, so that no block (list, heading, code) can start.
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(ASCII_PUNCTUATION, '\\$&');
}

/** For inside a Markdown code span, where nothing is parsed: only a backtick or a line break could end it. */
export function codeSpanText(text: string): string {
  return oneLine(text).replace(/`/g, "'");
}

/** For quick pick items and other labels that draw `$(name)` as an icon: the icon syntax escaped, as VS Code's own labels do. */
export function labelText(text: string): string {
  return oneLine(text).replace(/\$\(/g, '\\$(');
}
