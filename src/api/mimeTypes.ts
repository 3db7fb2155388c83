import { videoTypeOf } from '../common/videoTypes';

/**
 * Content types for the files this extension uploads: videos. The bundle aliases the `mime-types`
 * package to this module (see esbuild.js): form-data only uses it to guess a part's type, and the
 * full database it would bring (mime-db) is 137 KB of the bundle for types we never send.
 */

/** The content type for a file name or path, or `false` when it is not a video type we know (as mime-types answers). */
export const lookup = videoTypeOf;

export function videoContentType(fileNameOrPath: string): string {
  return lookup(fileNameOrPath) || 'application/octet-stream';
}
