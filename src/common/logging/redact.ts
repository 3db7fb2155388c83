/**
 * Masks secrets in text that is about to leave the process's memory (logs, messages, errors).
 * Two nets: anything shaped like a Twelve Labs key, and the exact keys the extension knows about,
 * because a key is not guaranteed to start with `tlk_` (the format is undocumented).
 */
export const REDACTED = '[redacted]';

/** `tlk_` followed by a token; short tails are left alone so that `tlk_…a1b2` displays survive. */
const KEY_SHAPED = /tlk_[A-Za-z0-9_-]{8,}/gi;
/** Header dumps such as `x-api-key: abc` or `"x-api-key":"abc"`, whatever the key looks like. */
const KEY_HEADER = /(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export class Redactor {
  private readonly known = new Set<string>();

  /** Registers a secret to mask verbatim. Very short values are ignored: masking them would shred ordinary text. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 8) {
      this.known.add(secret);
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.known) {
      for (const form of encodedForms(secret)) {
        result = replaceAllCaseInsensitive(result, form, REDACTED);
      }
    }
    // Most lines hold neither marker: skipping the patterns for them keeps logging (activation's too) cheap.
    const lower = result.toLowerCase();
    if (!lower.includes('tlk_') && !lower.includes('x-api-key')) {
      return result;
    }
    return result.replace(KEY_HEADER, `$1${REDACTED}`).replace(KEY_SHAPED, REDACTED);
  }
}

/** A key can leak in transformed form too: URL-encoded in a query, or base64 in a header dump. */
function encodedForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64')]);
  return [...forms];
}

function replaceAllCaseInsensitive(text: string, needle: string, replacement: string): string {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), replacement);
}
