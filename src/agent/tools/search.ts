import vscode = require('vscode');
import { forEachLimited } from '../../common/collections';
import { SEARCH_OPTIONS, type SearchClip, type SearchOption } from '../../api/searchTypes';
import type { AgentTool, ClientSource } from '../tool';
import { InputReader } from '../toolInput';
import { bounded, DATA_NOTICE, id, moment, quote } from '../toolText';

interface Input {
  indexId: string;
  query: string;
  modalities: SearchOption[];
  limit: number;
}

/** File names are looked up per video, a few at a time: results name only the video's id. */
const NAME_LOOKUPS_AT_ONCE = 4;

/** `twelvelabs_search`: one `POST /search`, then one `GET` per distinct video for its file name. */
export function searchTool(api: ClientSource): AgentTool<Input> {
  return {
    name: 'twelvelabs_search',
    what: 'The search',
    read(input) {
      const reader = new InputReader(input, ['indexId', 'query', 'modalities', 'limit']);
      const query = reader.string('query', { required: true, maxLength: 2_000 });
      if (query.split(/\s+/).length > 500) {
        reader.problems.push('"query" may be at most 500 words long; shorten it.');
      }
      return reader.result({
        indexId: reader.string('indexId', { required: true, maxLength: 128 }),
        query,
        modalities: reader.choices('modalities', SEARCH_OPTIONS, SEARCH_OPTIONS),
        limit: reader.integer('limit', { min: 1, max: 50, fallback: 10 }),
      });
    },
    invocationMessage: (input) => vscode.l10n.t('Searching Twelve Labs index {0} for “{1}”', input.indexId, input.query),
    async run(input, { signal }) {
      const client = await api.get();
      const page = await client.search({ indexId: input.indexId, queryText: input.query, searchOptions: input.modalities, pageLimit: input.limit, groupBy: 'clip' }, { signal });
      const clips: SearchClip[] = page.data.flatMap((result) =>
        result.clips ?? (result.video_id !== undefined && result.start !== undefined && result.end !== undefined ? [result as SearchClip] : []),
      );
      const names = new Map<string, string>();
      const videoIds = [...new Set(clips.map((clip) => clip.video_id))];
      await forEachLimited(videoIds, NAME_LOOKUPS_AT_ONCE, async (videoId) => {
        try {
          const filename = (await client.getIndexedAsset(input.indexId, videoId, {}, { signal })).system_metadata?.filename;
          if (filename !== undefined) {
            names.set(videoId, filename);
          }
        } catch {
          // The clip is still worth showing by its video id.
        }
      });
      const lines = clips.slice(0, input.limit).map((clip, i) => {
        const parts = [
          `${clip.rank ?? i + 1}. videoId ${id(clip.video_id)}`,
          `file ${quote(names.get(clip.video_id) ?? '(unknown)', 200)}`,
          `${moment(clip.start)}–${moment(clip.end)} (start ${clip.start} s, end ${clip.end} s)`,
        ];
        if (clip.transcription) {
          parts.push(`transcription ${quote(clip.transcription, 300)}`);
        }
        return parts.join(' · ');
      });
      const total = page.page_info.total_results;
      const header = [
        clips.length === 0
          ? `Nothing in index ${id(input.indexId)} matched ${quote(input.query)} (${input.modalities.join(', ')}). Try other words or more modalities.`
          : `${clips.length} clip(s) for ${quote(input.query)} in index ${id(input.indexId)} (${input.modalities.join(', ')})${total !== undefined ? `, of ${total} in all` : ''}; rank 1 is the most relevant. Times are in the video; twelvelabs_getTranscript reads around them.`,
        ...(clips.length > 0 ? [DATA_NOTICE] : []),
      ];
      return bounded(header, lines, 'Ask for a lower "limit".').text;
    },
  };
}
