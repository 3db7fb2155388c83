/**
 * Every command the extension contributes, in one place. A unit test checks this list against
 * package.json and a real-host test against `vscode.commands.getCommands()`.
 */
export const CommandIds = {
  setApiKey: 'twelvelabs.setApiKey',
  importApiKeyFromEnvironment: 'twelvelabs.importApiKeyFromEnvironment',
  rotateApiKey: 'twelvelabs.rotateApiKey',
  clearApiKey: 'twelvelabs.clearApiKey',
  showKeyStatus: 'twelvelabs.showKeyStatus',
  validateApiKey: 'twelvelabs.validateApiKey',
  openDashboard: 'twelvelabs.openDashboard',
  addAccount: 'twelvelabs.addAccount',
  switchAccount: 'twelvelabs.switchAccount',
  chooseWorkspaceAccount: 'twelvelabs.chooseWorkspaceAccount',
  renameAccount: 'twelvelabs.renameAccount',
  setAccountApiUrl: 'twelvelabs.setAccountApiUrl',
  createIndex: 'twelvelabs.createIndex',
  refreshIndexes: 'twelvelabs.refreshIndexes',
  filterIndexes: 'twelvelabs.filterIndexes',
  clearIndexFilter: 'twelvelabs.clearIndexFilter',
  renameIndex: 'twelvelabs.renameIndex',
  deleteIndex: 'twelvelabs.deleteIndex',
  showIndexDetails: 'twelvelabs.showIndexDetails',
  copyIndexId: 'twelvelabs.copyIndexId',
  copyCodeSnippet: 'twelvelabs.copyCodeSnippet',
  openIndexInPlayground: 'twelvelabs.openIndexInPlayground',
  loadMore: 'twelvelabs.loadMore',
  showVideoDetails: 'twelvelabs.showVideoDetails',
  copyVideoId: 'twelvelabs.copyVideoId',
  editVideoMetadata: 'twelvelabs.editVideoMetadata',
  deleteVideo: 'twelvelabs.deleteVideo',
  uploadVideo: 'twelvelabs.uploadVideo',
  uploadFromExplorer: 'twelvelabs.uploadFromExplorer',
  pauseUpload: 'twelvelabs.pauseUpload',
  resumeUpload: 'twelvelabs.resumeUpload',
  cancelUpload: 'twelvelabs.cancelUpload',
  dismissUpload: 'twelvelabs.dismissUpload',
  copyTaskId: 'twelvelabs.copyTaskId',
  stopFollowingTask: 'twelvelabs.stopFollowingTask',
  searchIndex: 'twelvelabs.searchIndex',
  playVideo: 'twelvelabs.playVideo',
  analyzeVideo: 'twelvelabs.analyzeVideo',
  openAnalysis: 'twelvelabs.openAnalysis',
  saveAnalysis: 'twelvelabs.saveAnalysis',
  clearCachedAnalyses: 'twelvelabs.clearCachedAnalyses',
  scanWorkspaceForKeys: 'twelvelabs.scanWorkspaceForKeys',
  storeKeyFromCode: 'twelvelabs.storeKeyFromCode',
  getStarted: 'twelvelabs.getStarted',
  showLog: 'twelvelabs.showLog',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const allCommandIds: readonly CommandId[] = Object.values(CommandIds);

/** The Get Started walkthrough (package.json `contributes.walkthroughs`), as `publisher.name#id`. */
export const WALKTHROUGH_ID = 'reelsmith.twelvelabs-vscode#getStarted';

/** The Indexes view (package.json `contributes.views`). */
export const INDEXES_VIEW_ID = 'twelvelabs.indexes';

/** The Search view, a webview view in the same container. */
export const SEARCH_VIEW_ID = 'twelvelabs.search';
