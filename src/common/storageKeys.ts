/**
 * Where the extension keeps things between sessions, in one place so that no two features can pick
 * the same name, and the leak canary knows what it reads.
 */
export const StorageKeys = {
  /** SecretStorage: the API key and its metadata, one JSON record. */
  apiKey: 'twelvelabs.apiKey',
  /** globalState: a non-secret trace that a key was stored, to notice a keyring that lost it. */
  keyHint: 'twelvelabs.keyStore.hint',
  /** globalState: upload tasks still being indexed, resumed after a reload. */
  pendingUploadTasks: 'twelvelabs.uploads.pendingTasks',
  /** globalState: uploads through assets not finished yet (ids, file identity, chunks done), resumed after a reload. */
  assetUploads: 'twelvelabs.uploads.assets',
  /** workspaceState: the Search view's recent queries, per index (query text only). */
  recentSearches: 'twelvelabs.search.recent',
} as const;

/** The environment variable the SDK examples read, and the one offered for import. */
export const API_KEY_ENV_VARIABLE = 'TWELVE_LABS_API_KEY';
