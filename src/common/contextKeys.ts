/** Context keys the extension sets for `when` clauses in package.json. */
export const ContextKeys = {
  hasApiKey: 'twelvelabs.hasApiKey',
  /** More than one account: Switch Account is offered. */
  severalAccounts: 'twelvelabs.severalAccounts',
  /** No key is stored and TWELVE_LABS_API_KEY holds one: the no-key view offers to import it. */
  environmentKeyImportable: 'twelvelabs.environmentKeyImportable',
  indexesLoaded: 'twelvelabs.indexesLoaded',
  hasIndexes: 'twelvelabs.hasIndexes',
  indexFilterActive: 'twelvelabs.indexFilterActive',
  /** An upload is sending bytes: Pause Upload is in the palette. */
  uploadSending: 'twelvelabs.uploadSending',
  /** An upload is paused (or was cut off by a closed window): Resume Upload is in the palette. */
  uploadPaused: 'twelvelabs.uploadPaused',
  /** A video this window uploaded is indexed: the walkthrough's last step is done. */
  videoIndexed: 'twelvelabs.videoIndexed',
} as const;

export const Links = {
  apiKeysPage: 'https://playground.twelvelabs.io/dashboard/api-keys',
  playgroundIndex: (indexId: string) => `https://playground.twelvelabs.io/indexes/${encodeURIComponent(indexId)}`,
  secretStorageTroubleshooting: 'https://code.visualstudio.com/docs/configure/settings-sync#_troubleshooting-keychain-issues',
} as const;
