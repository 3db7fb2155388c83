/**
 * The sandbox's switches for showing every path a newcomer may meet against the fake API: a second
 * valid key (so Rotate can succeed), the demo key revoked after a while (the 401 path), and a slow
 * upload line (progress and Cancel on small files). Free of side effects, so it is unit-tested.
 */
export const SANDBOX_SECOND_KEY = 'tlk_SANDBOXsecond0key0for0rotating0only';

export interface SandboxOptions {
  port?: number;
  screenshot?: string;
  vsix?: string;
  /** Also accept SANDBOX_SECOND_KEY. */
  secondKey: boolean;
  /** Seconds after the start when the demo key stops being valid. */
  revokeAfterSeconds?: number;
  /** Bytes per second the fake reads uploads at. */
  uploadBytesPerSecond?: number;
}

export const SANDBOX_FLAGS = [
  ['--second-key', `also accept ${SANDBOX_SECOND_KEY}, so that Rotate API Key can succeed`],
  ['--revoke-after SECONDS', 'make the demo key invalid after SECONDS, to see what a 401 looks like'],
  ['--upload-speed KB', 'read uploads at KB kilobytes a second, to watch progress, Pause and Cancel on small files'],
  ['--port N', 'serve VS Code on port N'],
  ['--screenshot FILE.png', 'render the workbench headless into FILE.png and stop'],
] as const;

export function parseSandboxOptions(argv: readonly string[]): SandboxOptions {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const positive = (name: string): number | undefined => {
    const text = value(name);
    if (text === undefined) {
      return undefined;
    }
    const number = Number(text);
    if (!Number.isFinite(number) || number <= 0) {
      throw new Error(`--${name} takes a positive number, not "${text}"`);
    }
    return number;
  };
  const uploadKb = positive('upload-speed');
  return {
    port: positive('port'),
    screenshot: value('screenshot'),
    vsix: value('vsix'),
    secondKey: argv.includes('--second-key'),
    revokeAfterSeconds: positive('revoke-after'),
    uploadBytesPerSecond: uploadKb === undefined ? undefined : Math.round(uploadKb * 1024),
  };
}
