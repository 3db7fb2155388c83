/**
 * Where the extension keeps things between sessions, in one place so that no two features can pick
 * the same name, and the leak canary knows what it reads.
 */
export const StorageKeys = {
  /** SecretStorage: the API key and its metadata, one JSON record. */
  apiKey: 'twelvelabs.apiKey',
  /** SecretStorage: each further account's key and metadata, one JSON record per account (`…<account id>`). */
  accountPrefix: 'twelvelabs.account.',
  /** SecretStorage: the ids of the accounts besides the primary one (which lives under `apiKey`). */
  accountDirectory: 'twelvelabs.accounts',
  /** SecretStorage: the id of the default account, the one windows use unless their workspace picked another. */
  defaultAccount: 'twelvelabs.accounts.default',
  /** workspaceState: the id of the account this workspace uses instead of the default (an id only, never a key). */
  workspaceAccount: 'twelvelabs.accounts.workspace',
  /** globalState: a non-secret trace that a key was stored, to notice a keyring that lost it (`.<account id>` for further accounts). */
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
