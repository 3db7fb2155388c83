import { DAY_MS } from '../../../src/keys/expiry';
import type { PresentKeyState } from '../../../src/common/keyStore';

/** A stored key as the key store describes it (never the key itself): a 90-day key expiring at `expiresAt`. */
export function presentKey(expiresAt: number, overrides: Partial<PresentKeyState> = {}): PresentKeyState {
  return {
    kind: 'present',
    id: 'key-a',
    masked: 'tlk_…a1b2',
    setAt: expiresAt - 90 * DAY_MS,
    expiresAt,
    lastValidation: undefined,
    rejectedAt: undefined,
    ...overrides,
  };
}
