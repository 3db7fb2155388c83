import vscode = require('vscode');
import type { AgentTool, ClientSource } from '../tool';
import { InputReader } from '../toolInput';
import { bounded, DATA_NOTICE, id, moment, quote } from '../toolText';

interface Input {
  indexId: string;
  page: number;
  limit: number;
}

/** `twelvelabs_listVideos`: one `GET /indexes/{id}/indexed-assets` per call, no usage cost. */
export function listVideosTool(api: ClientSource): AgentTool<Input> {
  return {
    name: 'twelvelabs_listVideos',
    what: 'Listing videos',
    read(input) {
      const reader = new InputReader(input, ['indexId', 'page', 'limit']);
      return reader.result({
        indexId: reader.string('indexId', { required: true, maxLength: 128 }),
        page: reader.integer('page', { min: 1, max: 10_000, fallback: 1 }),
        limit: reader.integer('limit', { min: 1, max: 50, fallback: 50 }),
      });
    },
    invocationMessage: (input) => vscode.l10n.t('Listing the videos of Twelve Labs index {0}', input.indexId),
    async run(input, { signal }) {
      const client = await api.get();
      const page = await client.listIndexedAssets(input.indexId, input.page, input.limit, {}, { signal });
      const lines = page.data.map((video) => {
        const meta = video.system_metadata ?? {};
        const parts = [`- ${quote(meta.filename ?? '(no file name)', 200)}`, `videoId ${id(video._id)}`, `status ${quote(video.status, 40)}`];
        if (meta.duration !== undefined) {
          parts.push(`duration ${moment(meta.duration)}`);
        }
        if (meta.width !== undefined && meta.height !== undefined) {
          parts.push(`${meta.width}x${meta.height}`);
        }
        return parts.join(' · ');
      });
      const info = page.page_info;
      const more = info.page < info.total_page ? ` More on page ${info.page + 1} ("page": ${info.page + 1}).` : '';
      const header = [
        page.data.length === 0
          ? `Index ${id(input.indexId)} has no videos${input.page > 1 ? ` on page ${input.page}` : ''}.`
          : `Index ${id(input.indexId)}: ${info.total_results} video(s); page ${info.page} of ${info.total_page}.${more}`,
        ...(page.data.length > 0 ? [DATA_NOTICE] : []),
      ];
      return bounded(header, lines, 'Use a lower "limit" and page through.').text;
    },
  };
}
