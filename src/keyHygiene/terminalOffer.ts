import type { KeyState } from '../common/keyStore';

export const TERMINAL_OFFERED_KEY = 'twelvelabs.terminalInjectionOffered';

export interface TerminalOfferPorts {
  memento: { get<T>(key: string): T | undefined; update(key: string, value: unknown): Thenable<void> };
  isEnabled(): boolean;
  /** Shows the question; resolves true when the user chose "Enable". */
  ask(): Thenable<boolean>;
  enable(): Thenable<void>;
  onError(error: unknown): void;
}

/**
 * Offers terminal injection once, ever: when a key appears where there was none (the user's first
 * key, or one set again after clearing), not when an existing key is merely read at startup. The
 * offer is remembered before it is shown, so a second window that sees the same change stays quiet.
 * Free of `vscode` at runtime; the key-state transitions come from `KeyStore.onDidChange`.
 */
export class TerminalOffer {
  private previous: KeyState['kind'] = 'loading';

  constructor(private readonly ports: TerminalOfferPorts) {}

  /** Feed every key state; returns the offer in flight when this state triggered one (for tests). */
  observe(state: KeyState): Promise<void> | undefined {
    const before = this.previous;
    this.previous = state.kind;
    if (before !== 'none' || state.kind !== 'present') {
      return undefined;
    }
    if (this.ports.isEnabled() || this.ports.memento.get<boolean>(TERMINAL_OFFERED_KEY) === true) {
      return undefined;
    }
    return this.offer().catch((error: unknown) => this.ports.onError(error));
  }

  private async offer(): Promise<void> {
    await this.ports.memento.update(TERMINAL_OFFERED_KEY, true);
    if (await this.ports.ask()) {
      await this.ports.enable();
    }
  }
}
