/** Server-provided text goes into Markdown: neutralise its syntax. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}

/** Text inside a Markdown code span: only a backtick can break out of it. */
export function code(text: string): string {
  return text.replace(/`/g, "'");
}
