/**
 * Building the webviews' DOM from data. Text from the server (file names, transcripts, metadata) only
 * ever becomes a text node: nothing here parses HTML, so nothing in it can become a link, an image or
 * a script.
 */

type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== undefined && child !== false) {
      element.append(child);
    }
  }
  return element;
}

export { timecode as clock } from '../../common/timecode';

/**
 * `text` with each occurrence of `words` (case-insensitive, whole or part words) wrapped in `<mark>`,
 * as DOM nodes: the marks are elements we make, the text stays text.
 */
export function marked(text: string, words: readonly string[]): Node[] {
  const needles = words.map((word) => word.trim()).filter((word) => word.length > 1);
  if (needles.length === 0) {
    return [document.createTextNode(text)];
  }
  const pattern = new RegExp(`(${needles.map(escapeRegExp).join('|')})`, 'giu');
  return text.split(pattern).map((part, i) => (i % 2 === 1 ? el('mark', {}, part) : document.createTextNode(part)));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
