/**
 * The video files this extension uploads, one row per file extension: the file dialog's filter and
 * the content type sent with each file both come from here. Free of `vscode`: the API client's
 * bundle uses it in place of the `mime-types` database (see esbuild.js).
 */
const VIDEO_TYPES: Readonly<Record<string, string>> = {
  '3gp': 'video/3gpp',
  avi: 'video/x-msvideo',
  flv: 'video/x-flv',
  m2ts: 'video/mp2t',
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

/** For the file dialog's "Videos" filter. */
export const VIDEO_EXTENSIONS: readonly string[] = Object.keys(VIDEO_TYPES);

/** The content type of a video file name or path, or `false` for any other file (as `mime-types` answers). */
export function videoTypeOf(fileNameOrPath: string): string | false {
  const extension = /\.([^./\\]+)$/.exec(fileNameOrPath)?.[1]?.toLowerCase();
  return (extension !== undefined && Object.hasOwn(VIDEO_TYPES, extension) && VIDEO_TYPES[extension]) || false;
}
