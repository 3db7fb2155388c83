/**
 * Reads a tool's input by hand. VS Code checks the input against the declared JSON schema only in
 * some paths (another extension's `lm.invokeTool` call is not checked), so each tool reads what it
 * gets as unknown and answers what is wrong in words a model can act on. Free of `vscode`.
 */

export type InputCheck<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export class InputReader {
  private readonly record: Record<string, unknown>;
  readonly problems: string[] = [];

  constructor(input: unknown, allowed: readonly string[]) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      this.record = {};
      this.problems.push('The input must be a JSON object.');
      return;
    }
    this.record = input as Record<string, unknown>;
    const unknown = Object.keys(this.record).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) {
      this.problems.push(`Unknown propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((key) => JSON.stringify(key)).join(', ')}; the allowed ones are ${allowed.join(', ')}.`);
    }
  }

  /** A string, trimmed; `undefined` when absent and optional. */
  string(name: string, options: { required: true; maxLength?: number }): string;
  string(name: string, options?: { required?: false; maxLength?: number }): string | undefined;
  string(name: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const value = this.record[name];
    if (value === undefined || value === null) {
      if (options.required) {
        this.problems.push(`"${name}" is required.`);
      }
      return options.required ? '' : undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push(`"${name}" must be a string, not ${describe(value)}.`);
      return '';
    }
    const text = value.trim();
    if (options.required && text === '') {
      this.problems.push(`"${name}" must not be empty.`);
    }
    if (options.maxLength !== undefined && text.length > options.maxLength) {
      this.problems.push(`"${name}" may be at most ${options.maxLength} characters long (it has ${text.length}).`);
    }
    return text;
  }

  /** An integer in [min, max]; `fallback` when absent. */
  integer(name: string, options: { min: number; max: number; fallback: number }): number {
    const value = this.record[name];
    if (value === undefined || value === null) {
      return options.fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problems.push(`"${name}" must be a whole number from ${options.min} to ${options.max}, not ${describe(value)}.`);
      return options.fallback;
    }
    if (value < options.min || value > options.max) {
      this.problems.push(`"${name}" must be from ${options.min} to ${options.max} (got ${value}).`);
      return options.fallback;
    }
    return value;
  }

  /** A number of seconds ≥ 0; `undefined` when absent. */
  seconds(name: string): number | undefined {
    const value = this.record[name];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      this.problems.push(`"${name}" must be a number of seconds, 0 or more, not ${describe(value)}.`);
      return undefined;
    }
    return value;
  }

  /** A list of distinct values out of `choices`; `fallback` when absent. */
  choices<T extends string>(name: string, choices: readonly T[], fallback: readonly T[], options: { maxItems?: number } = {}): T[] {
    const value = this.record[name];
    if (value === undefined || value === null) {
      return [...fallback];
    }
    const list = Array.isArray(value) ? (value as unknown[]) : undefined;
    if (!list || list.length === 0 || !list.every((item): item is T => typeof item === 'string' && (choices as readonly string[]).includes(item))) {
      this.problems.push(`"${name}" must be a non-empty list of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}.`);
      return [...fallback];
    }
    if (new Set(list).size < list.length) {
      this.problems.push(`"${name}" lists a value twice.`);
    }
    if (options.maxItems !== undefined && list.length > options.maxItems) {
      this.problems.push(`"${name}" may list at most ${options.maxItems} values.`);
    }
    return list;
  }

  /** A list of non-empty strings; `fallback` when absent. */
  strings(name: string, fallback: readonly string[], options: { maxItems: number; maxLength: number }): string[] {
    const value = this.record[name];
    if (value === undefined || value === null) {
      return [...fallback];
    }
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '' && item.length <= options.maxLength)) {
      this.problems.push(`"${name}" must be a list of non-empty strings of at most ${options.maxLength} characters.`);
      return [...fallback];
    }
    if (value.length > options.maxItems) {
      this.problems.push(`"${name}" may list at most ${options.maxItems} values.`);
    }
    return (value as string[]).map((item) => item.trim());
  }

  result<T>(value: T): InputCheck<T> {
    return this.problems.length === 0 ? { ok: true, value } : { ok: false, problems: [...this.problems] };
  }
}

/** What an invalid input is answered with: each problem, and the way back. */
export function invalidInputText(tool: string, problems: readonly string[]): string {
  return [`Invalid input for ${tool}; nothing was done.`, ...problems.map((problem) => `- ${problem}`), 'Correct the input and call the tool again.'].join('\n');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'string') {
    return 'a string';
  }
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}
