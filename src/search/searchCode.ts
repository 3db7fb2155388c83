import type { SearchRequest } from '../api/searchTypes';
import type { CodeLanguage } from '../common/codeLanguage';
import { API_KEY_ENV_VARIABLE } from '../common/storageKeys';

/**
 * "Copy as Code": the search the view would run, as Python, JavaScript or curl. Each reads the key from
 * TWELVE_LABS_API_KEY and never contains it. Plain HTTP (requests, fetch, curl) rather than an SDK, so
 * that every field is exactly what the view sends.
 */

export type SearchCodeLanguage = CodeLanguage;

/** The request's form fields, in order; a repeated field (search_options) appears once per value. */
export function formFields(request: SearchRequest): [string, string][] {
  const fields: [string, string][] = [['index_id', request.indexId]];
  for (const option of request.searchOptions) {
    fields.push(['search_options', option]);
  }
  if (request.queryText !== undefined) {
    fields.push(['query_text', request.queryText]);
  }
  if (request.queryMedia && 'url' in request.queryMedia) {
    fields.push(['query_media_type', 'image'], ['query_media_url', request.queryMedia.url]);
  } else if (request.queryMedia) {
    fields.push(['query_media_type', 'image']);
  }
  for (const mode of request.transcriptionOptions ?? []) {
    fields.push(['transcription_options', mode]);
  }
  if (request.groupBy !== undefined) {
    fields.push(['group_by', request.groupBy]);
  }
  if (request.operator !== undefined) {
    fields.push(['operator', request.operator]);
  }
  if (request.pageLimit !== undefined) {
    fields.push(['page_limit', String(request.pageLimit)]);
  }
  if (request.filter !== undefined) {
    fields.push(['filter', JSON.stringify(request.filter)]);
  }
  if (request.includeUserMetadata !== undefined) {
    fields.push(['include_user_metadata', String(request.includeUserMetadata)]);
  }
  return fields;
}

/** `imageFile`: the file name a picked image query is read from (the code opens it; we cannot send it along). */
export function searchCode(language: SearchCodeLanguage, request: SearchRequest, apiUrl: string, imageFile?: string): string {
  const fields = formFields(request);
  const url = `${apiUrl}/search`;
  const hasFile = request.queryMedia !== undefined && 'path' in request.queryMedia;
  const fileName = imageFile ?? 'query.jpg';
  switch (language) {
    case 'python':
      return [
        'import os',
        '',
        'import requests',
        '',
        'fields = [',
        ...fields.map(([name, value]) => `    (${JSON.stringify(name)}, ${JSON.stringify(value)}),`),
        ']',
        ...(hasFile ? [`files = {"query_media_file": open(${JSON.stringify(fileName)}, "rb")}`] : []),
        'response = requests.post(',
        `    ${JSON.stringify(url)},`,
        `    headers={"x-api-key": os.environ["${API_KEY_ENV_VARIABLE}"]},`,
        // requests sends a list of pairs as multipart fields when files= is given; `(None, value)` makes each one a form field.
        `    files=[(name, (None, value)) for name, value in fields]${hasFile ? ' + list(files.items())' : ''},`,
        ')',
        'response.raise_for_status()',
        'for clip in response.json()["data"]:',
        '    print(clip.get("video_id"), clip.get("start"), clip.get("end"), clip.get("rank"))',
        '',
      ].join('\n');
    case 'javascript':
      return [
        'import { readFile } from "node:fs/promises";',
        '',
        'const form = new FormData();',
        ...fields.map(([name, value]) => `form.append(${JSON.stringify(name)}, ${JSON.stringify(value)});`),
        ...(hasFile ? [`form.append("query_media_file", new Blob([await readFile(${JSON.stringify(fileName)})]), ${JSON.stringify(fileName)});`] : []),
        '',
        `const response = await fetch(${JSON.stringify(url)}, {`,
        '  method: "POST",',
        `  headers: { "x-api-key": process.env.${API_KEY_ENV_VARIABLE} },`,
        '  body: form,',
        '});',
        'if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);',
        'for (const clip of (await response.json()).data) {',
        '  console.log(clip.video_id, clip.start, clip.end, clip.rank);',
        '}',
        '',
      ].join('\n');
    case 'curl':
      return [
        `curl --fail-with-body -sS ${shellQuote(url)} \\`,
        `  -H "x-api-key: $${API_KEY_ENV_VARIABLE}" \\`,
        ...fields.map(([name, value]) => `  --form-string ${shellQuote(`${name}=${value}`)} \\`),
        ...(hasFile ? [`  --form ${shellQuote(`query_media_file=@${fileName}`)} \\`] : []),
        '  | jq .',
        '',
      ].join('\n');
  }
}

/** Single quotes for a POSIX shell: nothing inside is expanded. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
