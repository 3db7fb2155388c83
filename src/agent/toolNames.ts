/** Free of `vscode`: the unit tests check it against package.json. */
/** The tools package.json declares, in its order; their bodies load with the first call (agentTools.js). */
export const AGENT_TOOL_NAMES = [
  'twelvelabs_listIndexes',
  'twelvelabs_listVideos',
  'twelvelabs_search',
  'twelvelabs_getTranscript',
  'twelvelabs_analyze',
  'twelvelabs_uploadStatus',
  'twelvelabs_createIndex',
  'twelvelabs_uploadFile',
] as const;
