import vscode = require('vscode');
import type { AgentTool, ClientSource } from '../tool';
import { InputReader } from '../toolInput';
import { bounded, DATA_NOTICE, id, moment, quote } from '../toolText';

interface Input {
  indexId: string;
  videoId: string;
  start: number | undefined;
  end: number | undefined;
}

/** `twelvelabs_getTranscript`: one `GET …/indexed-assets/{id}?transcription=true`, no usage cost. */
export function getTranscriptTool(api: ClientSource): AgentTool<Input> {
  return {
    name: 'twelvelabs_getTranscript',
    what: 'Reading the transcript',
    read(input) {
      const reader = new InputReader(input, ['indexId', 'videoId', 'start', 'end']);
      const value = {
        indexId: reader.string('indexId', { required: true, maxLength: 128 }),
        videoId: reader.string('videoId', { required: true, maxLength: 128 }),
        start: reader.seconds('start'),
        end: reader.seconds('end'),
      };
      if (value.start !== undefined && value.end !== undefined && value.end <= value.start) {
        reader.problems.push('"end" must be after "start".');
      }
      return reader.result(value);
    },
    invocationMessage: (input) => vscode.l10n.t('Reading the transcript of video {0}', input.videoId),
    async run(input, { signal }) {
      const client = await api.get();
      const video = await client.getIndexedAsset(input.indexId, input.videoId, { transcription: true }, { signal });
      const from = input.start ?? 0;
      const to = input.end ?? Number.POSITIVE_INFINITY;
      const all = video.transcription ?? [];
      // Lines that overlap the range, so a sentence cut by its edge is still read whole.
      const inRange = all.filter((line) => line.end > from && line.start < to);
      const lines = inRange.map((line) => `[${moment(line.start)}–${moment(line.end)}] ${quote(line.value, 1_000)}`);
      const name = video.system_metadata?.filename;
      const range = input.start !== undefined || input.end !== undefined ? ` between ${moment(from)} and ${Number.isFinite(to) ? moment(to) : 'the end'}` : '';
      const header = [
        all.length === 0
          ? `Video ${id(input.videoId)}${name ? ` (${quote(name, 200)})` : ''} has no transcript${video.status !== 'ready' ? ` yet: it is ${quote(video.status, 40)}` : ' (no speech was found, or the index has no audio model)'}.`
          : inRange.length === 0
            ? `Video ${id(input.videoId)} has no speech${range}; its transcript runs from ${moment(all[0].start)} to ${moment(all[all.length - 1].end)}.`
            : `Transcript of video ${id(input.videoId)}${name ? ` (${quote(name, 200)})` : ''}${range}, ${inRange.length} line(s):`,
        ...(inRange.length > 0 || name ? [DATA_NOTICE] : []),
      ];
      return bounded(header, lines, 'Ask for a shorter range with "start" and "end" (seconds).').text;
    },
  };
}
