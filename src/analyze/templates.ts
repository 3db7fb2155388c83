import type { L10n } from '../common/l10n';

/**
 * The prompt templates of Analyze Video. The prompts go to Pegasus as written here (English, the
 * language the model follows best); the labels are the user's language. Timestamps are asked for
 * in the forms the result document turns into links (see timestamps.ts).
 */
export type TemplateId = 'summary' | 'chapters' | 'highlights' | 'titles' | 'question' | 'custom';

export const TEMPLATE_IDS: readonly TemplateId[] = ['summary', 'chapters', 'highlights', 'titles', 'question', 'custom'];

export interface Template {
  id: TemplateId;
  label: string;
  detail: string;
  /** What the user types for it: nothing (a fixed prompt), a question, or the whole prompt. */
  asks: 'nothing' | 'question' | 'prompt';
}

const PROMPTS: Record<Exclude<TemplateId, 'question' | 'custom'>, string> = {
  summary:
    'Summarize this video in Markdown: a one-sentence overview, then the main points as a bulleted list. ' +
    'Mention the moment of each point as a timestamp in the form mm:ss.',
  chapters:
    'Divide this video into chapters. For each chapter write one Markdown list item of the form ' +
    '"[mm:ss-mm:ss] Title: one-sentence summary", in order, covering the whole video.',
  highlights:
    'List the highlights of this video, the moments most worth watching, as a Markdown list. ' +
    'Start each item with its time range in the form [mm:ss-mm:ss], then say what happens.',
  titles:
    'Suggest for this video, in Markdown: five possible titles as a numbered list under "## Titles", ' +
    'five topics it covers under "## Topics", and ten hashtags on one line under "## Hashtags".',
};

export function templates(l10n: L10n): Template[] {
  return [
    { id: 'summary', label: l10n.t('Summary'), detail: l10n.t('An overview and the main points, with their moments'), asks: 'nothing' },
    { id: 'chapters', label: l10n.t('Chapters'), detail: l10n.t('The video divided into titled chapters with their time ranges'), asks: 'nothing' },
    { id: 'highlights', label: l10n.t('Highlights'), detail: l10n.t('The moments most worth watching, with their time ranges'), asks: 'nothing' },
    { id: 'titles', label: l10n.t('Titles, Topics and Hashtags'), detail: l10n.t('Title ideas, the topics covered and hashtags'), asks: 'nothing' },
    { id: 'question', label: l10n.t('Ask a Question'), detail: l10n.t('Type a question about the video'), asks: 'question' },
    { id: 'custom', label: l10n.t('Custom Prompt'), detail: l10n.t('Type the whole prompt yourself'), asks: 'prompt' },
  ];
}

export function templateLabel(id: TemplateId, l10n: L10n): string {
  return templates(l10n).find((template) => template.id === id)?.label ?? id;
}

/** The prompt sent for a template; `typed` is the question or custom prompt (trimmed), ignored by the fixed templates. */
export function promptFor(id: TemplateId, typed = ''): string {
  switch (id) {
    case 'question':
      return `Answer this question about the video. Where it helps, cite the moments as timestamps in the form mm:ss.\n\nQuestion: ${typed.trim()}`;
    case 'custom':
      return typed.trim();
    default:
      return PROMPTS[id];
  }
}

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}
