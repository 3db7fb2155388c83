import type * as vscode from 'vscode';
import type { ApiClientProvider } from './api/provider';
import type { FaultInjectingSecretStorage } from './keys/faultInjectingSecrets';
import { KeyStore } from './common/keyStore';
import type { Logger } from './common/logging/logger';
import { Redactor } from './common/logging/redact';
import type { ReliabilityTestApi } from './testApi';

/**
 * The reliability suite's part of the test API (ExtensionMode.Test only). Two hooks change behaviour,
 * both narrowly: network timing (shorter waits, same retry rules) so the fault matrix runs in
 * seconds, and storage faults on this window's SecretStorage port, the only way to make a real
 * keyring fail. The rest is read-only.
 */
export function createReliabilityTestApi(
  context: vscode.ExtensionContext,
  api: ApiClientProvider,
  secrets: FaultInjectingSecretStorage,
  logger: Logger,
): ReliabilityTestApi {
  const dump = (memento: vscode.Memento) => Object.fromEntries(memento.keys().map((key) => [key, memento.get<unknown>(key)]));
  return {
    setNetworkTiming: (timing) => api.setTiming(timing),
    mementos: () => ({ globalState: dump(context.globalState), workspaceState: dump(context.workspaceState) }),
    injectStorageFault: (fault) => secrets.inject(fault),
    clearStorageFaults: () => secrets.clear(),
    storedKeyAsAnotherWindow: async () => {
      // What a freshly opened window reads, through the real storage.
      const other = new KeyStore(context.secrets, context.globalState, new Redactor(), logger);
      try {
        const state = await other.refresh();
        return state.kind === 'present' ? { kind: state.kind, masked: state.masked, expiresAt: state.expiresAt } : { kind: state.kind };
      } finally {
        other.dispose();
      }
    },
  };
}
