/**
 * Content types for the files this extension uploads: videos. The bundle aliases the `mime-types`
 * package to this module (see esbuild.js): form-data only uses it to guess a part's type, and the
 * full database it would bring (mime-db) is 137 KB of the bundle for types we never send.
 */
const VIDEO_TYPES: Readonly<Record<string, string>> = {
  '3gp': 'video/3gpp',
  avi: 'video/x-msvideo',
  flv: 'video/x-flv',
  m4v: 'video/x-m4v',
  mkv: 'video/x-matroska',
  mov: 'video/quicktime',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  mpg: 'video/mpeg',
  mts: 'video/mp2t',
  ogv: 'video/ogg',
  ts: 'video/mp2t',
  webm: 'video/webm',
  wmv: 'video/x-ms-wmv',
};

/** The content type for a file name or path, or `false` when it is not a video type we know (as mime-types answers). */
export function lookup(fileNameOrPath: string): string | false {
  const extension = /\.([^./\\]+)$/.exec(fileNameOrPath)?.[1]?.toLowerCase();
  return (extension !== undefined && VIDEO_TYPES[extension]) || false;
}

export function videoContentType(fileNameOrPath: string): string {
  return lookup(fileNameOrPath) || 'application/octet-stream';
}
