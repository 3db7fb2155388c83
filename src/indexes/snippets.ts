import type { CodeLanguage } from '../common/codeLanguage';
import { API_KEY_ENV_VARIABLE } from '../common/storageKeys';

/**
 * Code snippets for an index. They read the key from the TWELVE_LABS_API_KEY environment variable and
 * never contain it: a snippet ends up in chats, issues and commits.
 */

export type SnippetLanguage = CodeLanguage;

export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = ['python', 'javascript', 'curl'];

export const KEY_ENVIRONMENT_VARIABLE = API_KEY_ENV_VARIABLE;

export function codeSnippet(language: SnippetLanguage, indexId: string, apiUrl: string): string {
  const id = JSON.stringify(indexId);
  switch (language) {
    case 'python':
      return [
        'import os',
        '',
        'from twelvelabs import TwelveLabs',
        '',
        `client = TwelveLabs(api_key=os.environ["${KEY_ENVIRONMENT_VARIABLE}"])`,
        '',
        `index = client.indexes.retrieve(${id})`,
        'print(index.index_name, index.video_count)',
        '',
        `for video in client.indexes.videos.list(${id}):`,
        '    print(video.id, video.system_metadata.filename)',
        '',
      ].join('\n');
    case 'javascript':
      return [
        'import { TwelveLabs } from "twelvelabs-js";',
        '',
        `const client = new TwelveLabs({ apiKey: process.env.${KEY_ENVIRONMENT_VARIABLE} });`,
        '',
        `const index = await client.indexes.retrieve(${id});`,
        'console.log(index.indexName, index.videoCount);',
        '',
        `for await (const video of await client.indexes.videos.list(${id})) {`,
        '  console.log(video.id, video.systemMetadata?.filename);',
        '}',
        '',
      ].join('\n');
    case 'curl':
      return [
        `curl --fail-with-body -sS "${apiUrl}/indexes/${encodeURIComponent(indexId)}" \\`,
        `  -H "x-api-key: $${KEY_ENVIRONMENT_VARIABLE}"`,
        '',
      ].join('\n');
  }
}
