import vscode = require('vscode');

/**
 * Upload speed and time left over a sliding window, so that a stall shows at once and a burst at
 * the start (bytes filling socket buffers) does not promise an ETA the upload cannot keep.
 */
export class ProgressMeter {
  private readonly samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 5_000,
  ) {}

  /** Records the total bytes sent so far. */
  sample(bytes: number): void {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0].at > this.windowMs) {
      this.samples.shift();
    }
  }

  /** Bytes per second over the window; undefined until there is enough to say. */
  rate(): number | undefined {
    if (this.samples.length < 2) {
      return undefined;
    }
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.at - first.at) / 1000;
    return seconds >= 0.25 ? (last.bytes - first.bytes) / seconds : undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) {
    return vscode.l10n.t('{0} GB', (bytes / 1e9).toFixed(2));
  }
  if (bytes >= 1e6) {
    return vscode.l10n.t('{0} MB', (bytes / 1e6).toFixed(1));
  }
  if (bytes >= 1e3) {
    return vscode.l10n.t('{0} kB', (bytes / 1e3).toFixed(0));
  }
  return vscode.l10n.t('{0} bytes', bytes);
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** e.g. `45% · 12.3 MB/s · 1:05 left`; speed and time appear once they can be estimated. */
export function progressText(sent: number, total: number, rate: number | undefined): string {
  const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
  const parts = [vscode.l10n.t('{0}%', percent)];
  if (rate !== undefined && rate > 0) {
    parts.push(vscode.l10n.t('{0} MB/s', (rate / 1e6).toFixed(1)));
    if (total > sent) {
      parts.push(vscode.l10n.t('{0} left', formatDuration((total - sent) / rate)));
    }
  }
  return parts.join(' · ');
}
