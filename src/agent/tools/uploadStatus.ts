import vscode = require('vscode');
import type { AgentDeps } from '../deps';
import type { AgentTool } from '../tool';
import { InputReader } from '../toolInput';
import { bounded, DATA_NOTICE, id, quote } from '../toolText';

interface Input {
  indexId: string | undefined;
}

const FINISHED = new Set(['ready', 'failed']);

/** `twelvelabs_uploadStatus`: what this VS Code knows of its uploads; no request, no cost. */
export function uploadStatusTool(deps: Pick<AgentDeps, 'uploads' | 'apiUrl'>): AgentTool<Input> {
  return {
    name: 'twelvelabs_uploadStatus',
    what: 'Reading the upload status',
    read(input) {
      const reader = new InputReader(input ?? {}, ['indexId']);
      return reader.result({ indexId: reader.string('indexId', { maxLength: 128 }) || undefined });
    },
    invocationMessage: () => vscode.l10n.t('Reading the status of Twelve Labs uploads'),
    run(input) {
      const apiUrl = deps.apiUrl();
      const mine = (entry: { apiUrl: string; indexId: string }) => entry.apiUrl === apiUrl && (input.indexId === undefined || entry.indexId === input.indexId);
      const records = deps.uploads.records().filter(mine);
      const tasks = deps.uploads.tasks().filter(mine);
      const lines = [
        ...records.map((record) => {
          const parts = [`- ${quote(record.label, 200)}`, `index ${id(record.indexId)}`, `phase ${record.phase}`];
          if (record.phase === 'sending' || record.phase === 'paused') {
            parts.push(`${record.total > 0 ? Math.floor((record.sent / record.total) * 100) : 0}% sent`);
          }
          if (record.indexStatus && record.phase === 'indexing') {
            parts.push(`indexing status ${quote(record.indexStatus, 40)}`);
          }
          if (record.indexedAssetId) {
            parts.push(`videoId ${id(record.indexedAssetId)}`);
          }
          if (record.error) {
            parts.push(`error ${quote(record.error.code, 80)}: ${quote(record.error.message)}`);
          } else if (record.problem) {
            parts.push(`last check failed: ${quote(record.problem)}`);
          }
          return parts.join(' · ');
        }),
        ...tasks.map((task) => {
          const parts = [`- ${quote(task.source, 200)}`, `index ${id(task.indexId)}`, `task ${id(task.taskId)}`, `status ${quote(task.status, 40)}`];
          if (task.videoId) {
            parts.push(`videoId ${id(task.videoId)}`);
          }
          if (task.error) {
            parts.push(`error ${quote(task.error.code, 80)}: ${quote(task.error.message)}`);
          }
          return parts.join(' · ');
        }),
      ];
      const active = records.filter((record) => !FINISHED.has(record.phase)).length + tasks.filter((task) => !FINISHED.has(task.status)).length;
      const scope = input.indexId ? ` to index ${id(input.indexId)}` : '';
      const header = [
        lines.length === 0
          ? `No uploads${scope} in this VS Code window's records. Uploads from other tools or machines are not tracked here; twelvelabs_listVideos shows an index's videos and their status.`
          : `${lines.length} upload(s)${scope} known to this VS Code, ${active} still in progress. Phases: sending → processing → indexing → ready (or failed; paused ones wait for the user to resume them).`,
        ...(lines.length > 0 ? [DATA_NOTICE] : []),
      ];
      return Promise.resolve(bounded(header, lines, 'Pass "indexId" to see one index only.').text);
    },
  };
}
