import { API_KEY_ENV_VARIABLE } from './storageKeys';

/** The name the official SDKs' examples read, e.g. `TwelveLabs(api_key=os.environ["TWELVE_LABS_API_KEY"])`. */
export const DEFAULT_VARIABLE_NAME = API_KEY_ENV_VARIABLE;

/**
 * Portable environment variable names (POSIX): letters, digits and `_`, not starting with a digit.
 * The same pattern is in package.json, so the Settings editor refuses others; a name typed into
 * settings.json by hand that does not match falls back to the default.
 */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Variables that change how programs run: a key put into one of them is handed to, or executed by,
 * whatever the terminal starts (with `LD_PRELOAD`, every program printed it in an error).
 * Compared upper-cased, since Windows treats names case-insensitively.
 */
const RESERVED_NAMES = new Set([
  'PATH', 'PATHEXT', 'HOME', 'USERPROFILE', 'SHELL', 'COMSPEC', 'SYSTEMROOT', 'ENV', 'BASH_ENV', 'PROMPT_COMMAND',
  'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'IFS', 'CDPATH', 'SHELLOPTS', 'BASHOPTS', 'ZDOTDIR', 'HISTFILE', 'TERM',
  'TMPDIR', 'TEMP', 'TMP', 'EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'LESSOPEN', 'LESSCLOSE', 'BROWSER', 'CLASSPATH',
  'PERLLIB', 'RUBYLIB', 'LANG',
]);
const RESERVED_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_', 'NODE_', 'NPM_CONFIG_', 'PYTHON', 'PERL5', 'RUBY', 'JAVA_', '_JAVA_', 'JDK_', 'GIT_', 'SSH_', 'LC_'];

export function isReservedVariableName(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_NAMES.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** The variable to use, and the configured name when it was refused for changing how programs run. */
export function checkVariableName(configured: unknown): { name: string; refused?: string } {
  if (typeof configured !== 'string' || !VARIABLE_NAME_PATTERN.test(configured.trim())) {
    return { name: DEFAULT_VARIABLE_NAME };
  }
  const name = configured.trim();
  return isReservedVariableName(name) ? { name: DEFAULT_VARIABLE_NAME, refused: name } : { name };
}

export function effectiveVariableName(configured: unknown): string {
  return checkVariableName(configured).name;
}
