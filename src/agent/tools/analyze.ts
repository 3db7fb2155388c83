import vscode = require('vscode');
import type { AnalyzeRequest, PegasusModel } from '../../api/analyzeTypes';
import { PEGASUS_MODELS } from '../../api/analyzeTypes';
import type { AgentTool, ClientSource } from '../tool';
import { InputReader } from '../toolInput';
import { bounded, DATA_NOTICE, id, MAX_RESULT_CHARS, quote } from '../toolText';

interface Input {
  indexId: string;
  videoId: string;
  prompt: string;
  model: PegasusModel | undefined;
}

/** Room for the lines around the generated text within the result's bound. */
const ANSWER_CHARS = MAX_RESULT_CHARS - 1_500;

/**
 * `twelvelabs_analyze`: one `GET` of the video (for its asset), then one streamed `POST /analyze`,
 * which uses the account's generation tokens. Pegasus 1.5 reads the video's asset; a video with no
 * asset (uploaded through the older `/tasks`) goes by its video id with Pegasus 1.2.
 */
export function analyzeTool(api: ClientSource): AgentTool<Input> {
  return {
    name: 'twelvelabs_analyze',
    what: 'The analysis',
    read(input) {
      const reader = new InputReader(input, ['indexId', 'videoId', 'prompt', 'model']);
      const model = reader.string('model', { maxLength: 40 });
      if (model !== undefined && !(PEGASUS_MODELS as readonly string[]).includes(model)) {
        reader.problems.push(`"model" must be one of ${PEGASUS_MODELS.map((name) => JSON.stringify(name)).join(', ')}, or left out.`);
      }
      return reader.result({
        indexId: reader.string('indexId', { required: true, maxLength: 128 }),
        videoId: reader.string('videoId', { required: true, maxLength: 128 }),
        prompt: reader.string('prompt', { required: true, maxLength: 8_000 }),
        model: model as PegasusModel | undefined,
      });
    },
    invocationMessage: (input) => vscode.l10n.t('Asking Twelve Labs about video {0}', input.videoId),
    async run(input, { signal }) {
      const client = await api.get();
      const video = await client.getIndexedAsset(input.indexId, input.videoId, {}, { signal });
      const useAsset = video.asset_id !== undefined && input.model !== 'pegasus1.2';
      if (!useAsset && input.model === 'pegasus1.5') {
        return `Video ${id(input.videoId)} has no asset, which Pegasus 1.5 needs (it was uploaded through the older /tasks route). Call again without "model" (Pegasus 1.2 reads it by its video id).`;
      }
      const request: AnalyzeRequest = useAsset
        ? { model: 'pegasus1.5', video: { type: 'asset_id', assetId: video.asset_id as string }, prompt: input.prompt }
        : { model: 'pegasus1.2', video: { type: 'video_id', videoId: input.videoId }, prompt: input.prompt };
      let text = '';
      let cut = false;
      let finish = 'unknown';
      let usage = '';
      for await (const event of client.analyzeStream(request, { signal })) {
        if (event.kind === 'text' && !cut) {
          text += event.text;
          if (text.length > ANSWER_CHARS) {
            // The rest is still generated (and counted): stopping early would lose the finish reason, not tokens.
            text = text.slice(0, ANSWER_CHARS);
            cut = true;
          }
        } else if (event.kind === 'end') {
          finish = event.finishReason;
          if (event.usage) {
            usage = ` Tokens used: ${event.usage.inputTokens ?? '?'} in, ${event.usage.outputTokens} out.`;
          }
        }
      }
      const name = video.system_metadata?.filename;
      const header = [
        `${request.model} on video ${id(input.videoId)}${name ? ` (${quote(name, 200)})` : ''} answered (finish reason ${quote(finish, 40)}${finish === 'length' ? ': the answer was cut at the token limit' : ''}).${usage}`,
        DATA_NOTICE,
        'The generated text, as one quoted string:',
      ];
      // Escaping lengthens the text (line breaks, quotes): cut until the quoted form fits.
      let quoted = JSON.stringify(text);
      while (quoted.length > ANSWER_CHARS) {
        text = text.slice(0, Math.floor(text.length * 0.9));
        quoted = JSON.stringify(text);
        cut = true;
      }
      const body = [quoted];
      if (cut) {
        body.push(`[Truncated: the answer was longer than ${ANSWER_CHARS} characters; ask a narrower question for the rest.]`);
      }
      return bounded(header, body, 'Ask a narrower question.').text;
    },
  };
}
